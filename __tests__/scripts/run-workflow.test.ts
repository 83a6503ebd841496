import { describe, expect, test } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../../scripts/run-action.ts'
import { checkWorkflow, parseOutputs } from '../../scripts/run-workflow.ts'
import { runCommand } from '../helpers/process.ts'

async function runWorkflowText(text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'pdv-wf-'))
  try {
    const file = join(dir, 'workflow.yml')
    await writeFile(file, text)
    return await runCommand(process.execPath, ['scripts/run-workflow.ts', file], { cwd: ROOT })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe('the local runner of the e2e workflow', () => {
  test('fails at the first failing assertion of e2e.yml and runs nothing after it', async () => {
    const e2e = await readFile(join(ROOT, '.github', 'workflows', 'e2e.yml'), 'utf8')
    const assertion = 'scripts/expect.sh "create sets tags" "$TAGS" = e2e,nightly'
    expect(e2e).toContain(assertion)
    const broken = e2e.replace(assertion, assertion.replace('e2e,nightly', 'something-else'))
    const run = await runWorkflowText(broken)
    expect(run.code).toBe(1)
    expect(run.output).toContain("::error::create sets tags: expected = 'something-else'")
    expect(run.output).toContain('Step "Check create" failed')
    expect(run.output).not.toContain('Create a second version')
  }, 60_000)

  test('refuses an expression it does not understand before running any step', async () => {
    const run = await runWorkflowText(`on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - name: First
        run: echo first-step-ran
      - name: Second
        env:
          SHA: \${{ github.sha }}
        run: echo "$SHA"
`)
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/unsupported expression: unsupported context "github"/)
    expect(run.output).not.toContain('first-step-ran')
  })

  test('a failing run step fails the workflow with its title', async () => {
    const run = await runWorkflowText(`on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: out
        run: echo "value=42" >> "$GITHUB_OUTPUT"
      - name: Compare
        env:
          VALUE: \${{ steps.out.outputs.value }}
        run: scripts/expect.sh "the value" "$VALUE" = 43
`)
    expect(run.code).toBe(1)
    expect(run.output).toContain("::error::the value: expected = '43', got '42'")
    expect(run.output).toContain('Step "Compare" failed')
  })

  test('refuses step keys it would ignore', () => {
    expect(() =>
      checkWorkflow({
        jobs: { a: { steps: [{ run: 'true', 'continue-on-error': true } as never] } }
      })
    ).toThrow(/does not support "continue-on-error"/)
  })

  test('reads both forms of GITHUB_OUTPUT', () => {
    expect(parseOutputs('a=1\nb<<EOF\nx=y\nz\nEOF\nc=\n')).toEqual({ a: '1', b: 'x=y\nz', c: '' })
  })
})
