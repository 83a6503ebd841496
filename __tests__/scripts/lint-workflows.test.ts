import { describe, expect, test } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lintSources } from '../../scripts/lint-workflows.ts'
import { readmeSources, SKIP_MARKER } from '../../scripts/workflow-sources.ts'
import { ROOT } from '../../scripts/run-action.ts'
import { runCommand } from '../helpers/process.ts'

const BROKEN = `name: Broken
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - id: one
        run: echo "\${{ steps.missing.outputs.value }}"
      - run: echo "\${{ github.no_such_field }}"
`

describe('actionlint over workflows and README examples', () => {
  test('the shipped workflows and the README examples pass', async () => {
    const run = await runCommand(process.execPath, ['scripts/lint-workflows.ts'], { cwd: ROOT })
    expect(run.output).toMatch(/no problems/)
    expect(run.code).toBe(0)
  })

  test('a broken workflow fails the lint, naming file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdv-lint-'))
    try {
      const file = join(dir, 'broken.yml')
      await writeFile(file, BROKEN)
      const run = await runCommand(process.execPath, ['scripts/lint-workflows.ts', file], {
        cwd: ROOT
      })
      expect(run.code).toBe(1)
      expect(run.output).toContain(`${file}:8:`)
      expect(run.output).toMatch(/property "missing" is not defined/)
      expect(run.output).toMatch(/no_such_field/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('a README list of steps is wrapped into a job; findings point at README lines and columns', async () => {
    const readme = [
      '# Title', // 1
      '', // 2
      '```yaml', // 3
      '- uses: actions/checkout@v4', // 4
      '  with:', // 5
      '    no-such-input: true', // 6
      '```' // 7
    ].join('\n')
    const sources = readmeSources(readme)
    expect(sources).toHaveLength(1)
    const problems = await lintSources(sources)
    expect(problems).toEqual([expect.stringMatching(/^README\.md:6:5: .*no-such-input/)])
  })

  test('a jobs fragment is linted as a workflow; a marked non-workflow block is skipped', async () => {
    const readme = [
      '```yaml',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo ok',
      '```',
      SKIP_MARKER,
      '```yaml',
      'version: 2',
      '```'
    ].join('\n')
    const sources = readmeSources(readme)
    expect(sources).toHaveLength(1)
    expect(await lintSources(sources)).toEqual([])
  })

  test('an unmarked yaml block that is not a workflow is an error, not silently skipped', () => {
    expect(() => readmeSources('```yaml\nversion: 2\n```\n')).toThrow(/neither a workflow/)
  })

  test('a README block that is not valid YAML is an error naming its line', () => {
    const readme = '# T\n\n```yaml\n- run: echo "a (b: c)"\n  env: x: y\n```\n'
    expect(() => readmeSources(readme)).toThrow(/^README\.md:4: not valid YAML/)
  })
})
