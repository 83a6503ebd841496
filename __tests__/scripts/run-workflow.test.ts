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

/** Runs a workflow of one job made of these steps (YAML list items, indented six spaces). */
const runSteps = (steps: string) =>
  runWorkflowText(`on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`)

describe('the local runner of the e2e workflow', () => {
  test('fails at the first failing assertion of e2e.yml and skips every step after it', async () => {
    const e2e = await readFile(join(ROOT, '.github', 'workflows', 'e2e.yml'), 'utf8')
    const assertion = 'scripts/expect.sh "create sets tags" "$TAGS" = e2e,nightly'
    expect(e2e).toContain(assertion)
    const broken = e2e.replace(assertion, assertion.replace('e2e,nightly', 'something-else'))
    const run = await runWorkflowText(broken)
    expect(run.code).toBe(1)
    expect(run.output).toContain("::error::create sets tags: expected = 'something-else'")
    expect(run.output).toContain('Step "Check create" failed')
    // A step that runs gets a header of its own; a skipped one, this line.
    expect(run.output).toContain(
      '- Create a second version, left uncommitted: skipped (if: success())'
    )
    expect(run.output).not.toMatch(/^- Create a second version, left uncommitted$/m)
    expect(run.output).not.toContain('passed locally')
  }, 60_000)

  test('refuses an expression it cannot evaluate as GitHub would before running any step', async () => {
    const run = await runSteps(`      - name: First
        run: echo first-step-ran
      - name: Second
        env:
          SHA: \${{ github.sha }}
        run: echo "$SHA"
`)
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      'run-workflow: Second, env.SHA: ${{ github.sha }}: no github context here (the contexts here: env, steps, runner)'
    )
    expect(run.output).not.toContain('first-step-ran')
  })

  test('after a failing step, only the steps whose if: asks for failure() or always() run', async () => {
    const run = await runSteps(`      - id: out
        env:
          TEMP: \${{ runner.temp }}
        run: |
          test "$TEMP" = "$RUNNER_TEMP"
          echo "text=not json" >> "$GITHUB_OUTPUT"
      - name: Broken
        id: broken
        env:
          VALUE: \${{ fromJSON(steps.out.outputs.text) }}
        run: echo broken-step-ran
      - name: Plain
        run: echo plain-step-ran
      - name: On success
        id: on-success
        if: success()
        run: echo success-step-ran
      - name: On failure
        if: \${{ failure() && steps.broken.outcome == 'failure' }}
        run: echo failure-step-ran
      - name: Always
        if: always()
        env:
          SKIPPED: \${{ steps.on-success.outcome }}
        run: echo "always-step-ran, the success step $SKIPPED"
`)
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      '- Broken\n    ${{ fromJSON(steps.out.outputs.text) }}: Error parsing JSON when evaluating fromJson'
    )
    expect(run.output).toContain('Step "Broken" failed')
    expect(run.output).toContain('failure-step-ran')
    expect(run.output).toContain('always-step-ran, the success step skipped')
    // Each comes before the Always step, which ran: had one run, its line would be here.
    expect(run.output).not.toContain('broken-step-ran')
    expect(run.output).not.toContain('plain-step-ran')
    expect(run.output).not.toContain('success-step-ran')
  })

  test('a failing run step fails the workflow with its title', async () => {
    const run = await runSteps(`      - id: out
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

  test.each([
    [
      'the outputs of a step it skips',
      [
        { id: 'node', uses: 'actions/setup-node@v4' },
        { env: { V: '${{ steps.node.outputs.node-version }}' }, run: 'true' }
      ],
      'step 2, env.V: ${{ steps.node.outputs.node-version }}: steps.node is not known locally'
    ],
    [
      'a runner field it does not know',
      [{ name: 'Where', run: 'echo ${{ runner.name }}' }],
      'Where, run: ${{ runner.name }}: runner.name is not known locally'
    ],
    [
      'a status function outside if:',
      [{ name: 'Status', with: { a: '${{ failure() }}' }, uses: './' }],
      'Status, with.a: ${{ failure() }}: failure() is only for if:'
    ]
  ])('refuses %s before running anything', (_, steps, message) => {
    expect(() => checkWorkflow({ jobs: { a: { steps } } })).toThrow(message)
  })

  test('refuses contexts in workflow and job env, where GitHub gives none of those it has', () => {
    expect(() =>
      checkWorkflow({ jobs: { a: { env: { A: '${{ env.B }}' }, steps: [{ run: 'true' }] } } })
    ).toThrow('jobs.a.env.A: ${{ env.B }}: no env context here (the contexts here: none)')
  })

  test('reads both forms of GITHUB_OUTPUT', () => {
    expect(parseOutputs('a=1\nb<<EOF\nx=y\nz\nEOF\nc=\n')).toEqual({ a: '1', b: 'x=y\nz', c: '' })
  })
})
