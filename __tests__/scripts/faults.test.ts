import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkFaults, findCarriers, readRows } from '../../scripts/faults.ts'
import { ROOT } from '../../scripts/run-action.ts'
import { runCommand } from '../helpers/process.ts'

const MATRIX = [
  '# Failure',
  '',
  '<!-- faults:start -->',
  '',
  '| Row | Fault | What the action does |',
  '| --- | --- | --- |',
  '| `F-carried` | A fault a test carries | fails |',
  '| `F-orphan` | A fault no test carries | fails |',
  '',
  '<!-- faults:end -->'
].join('\n')

// Built, so that this file's own source carries no row ID.
const id = (name: string) => `[F-${name}]`

const TESTS = [
  `describe('${id('carried')} a group', () => {`,
  "  test('inherits the row', () => undefined)",
  '})',
  `test('${id('unknown')} names a row that does not exist', () => undefined)`,
  `// ${id('orphan')} a comment carries nothing`,
  "test.each([1, 2])('untouched %i', () => undefined)"
].join('\n')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdv-faults-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A repository of its own: the real scripts, a matrix and one test file. */
async function repository(matrix: string, tests: string): Promise<string> {
  const root = join(dir, `repo-${Math.random().toString(36).slice(2)}`)
  await mkdir(join(root, 'docs'), { recursive: true })
  await mkdir(join(root, '__tests__', 'unit'), { recursive: true })
  await cp(join(ROOT, 'scripts'), join(root, 'scripts'), { recursive: true })
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'))
  await writeFile(join(root, 'docs', 'failure.md'), matrix)
  await writeFile(join(root, '__tests__', 'unit', 'a.test.ts'), tests)
  return root
}

describe('the fault matrix (npm run faults)', () => {
  test("every row of docs/failure.md is carried by a test, and every test's row exists", async () => {
    const report = await checkFaults()
    expect(report.problems).toEqual([])
    expect(report.rows.length).toBeGreaterThan(50)
    const carried = new Set(report.carriers.flatMap(c => c.ids))
    expect(report.rows.filter(row => !carried.has(row.id))).toEqual([])
  })

  test('reads the rows between the markers only, each with its fault', () => {
    const text = `| \`F-outside\` | before the table | x |\n${MATRIX}`
    expect(readRows(text)).toEqual([
      { id: 'F-carried', fault: 'A fault a test carries' },
      { id: 'F-orphan', fault: 'A fault no test carries' }
    ])
    expect(() => readRows('# No table')).toThrow(/no <!-- faults:start -->/)
  })

  test('a describe block carries its row; an ID outside a title is counted as stray', () => {
    const found = findCarriers('a.test.ts', TESTS)
    expect(found.carriers).toEqual([
      { file: 'a.test.ts', title: `${id('carried')} a group`, ids: ['F-carried'] },
      {
        file: 'a.test.ts',
        title: `${id('unknown')} names a row that does not exist`,
        ids: ['F-unknown']
      }
    ])
    expect(found.stray).toBe(1)
  })

  test('a row without a test, an unknown row and a stray ID each fail the check', async () => {
    const root = await repository(MATRIX, TESTS)
    const report = await checkFaults(root)
    expect(report.problems).toEqual([
      expect.stringMatching(/__tests__\/unit\/a\.test\.ts: 1 fault ID\(s\) outside a test/),
      `__tests__/unit/a.test.ts: "${id('unknown')} names a row that does not exist" names F-unknown, which is not a row`,
      'F-orphan (A fault no test carries) has no test'
    ])

    const run = await runCommand(process.execPath, [join(root, 'scripts', 'faults.ts')], {
      cwd: root
    })
    expect(run.code).toBe(1)
    expect(run.output).toContain('F-carried  A fault a test carries\n    __tests__/unit/a.test.ts')
    expect(run.output).toContain('F-orphan (A fault no test carries) has no test')
  })

  test('a row listed twice fails the check', async () => {
    const twice = MATRIX.replace('`F-orphan`', '`F-carried`')
    const root = await repository(twice, `test('${id('carried')} once', () => undefined)`)
    expect((await checkFaults(root)).problems).toEqual([
      'docs/failure.md: row F-carried is listed twice'
    ])
  })
})
