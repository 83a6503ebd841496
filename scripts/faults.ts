/**
 * `npm run -s faults`: the fault matrix, checked. Its rows are the table between
 * `<!-- faults:start -->` and `<!-- faults:end -->` in docs/failure.md, one `F-...` ID each; a
 * test carries a row by naming it in brackets in its title or in its describe block's
 * (`test('[F-create-lost-answer] ...')`). Prints every row with the tests that carry it, and
 * fails when a row has no test, a test names a row that does not exist, or an ID is written
 * anywhere in a test file but a title (a comment or a data table carries nothing).
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import ts from 'typescript'
import { ROOT } from './run-action.ts'

export const FAULTS_FILE = join('docs', 'failure.md')
const TESTS_DIR = '__tests__'
const ID = /\[(F-[a-z0-9-]+)\]/g

export interface FaultRow {
  readonly id: string
  readonly fault: string
}

/** A test or describe block whose title names one or more rows. */
export interface Carrier {
  readonly file: string
  /** The titles from the outermost describe down to the block that names the row. */
  readonly title: string
  readonly ids: readonly string[]
}

export interface FaultReport {
  readonly rows: readonly FaultRow[]
  readonly carriers: readonly Carrier[]
  readonly problems: readonly string[]
}

/** The rows of the matrix: `| \`F-id\` | fault | ... |` lines between the markers. */
export function readRows(markdown: string, label = FAULTS_FILE): FaultRow[] {
  const start = markdown.indexOf('<!-- faults:start -->')
  const end = markdown.indexOf('<!-- faults:end -->')
  if (start === -1 || end < start) {
    throw new Error(`${label} has no <!-- faults:start --> ... <!-- faults:end --> table`)
  }
  const rows: FaultRow[] = []
  for (const line of markdown.slice(start, end).split('\n')) {
    const match = /^\|\s*`(F-[a-z0-9-]+)`\s*\|\s*(.*?)\s*\|/.exec(line)
    if (match !== null) rows.push({ id: match[1]!, fault: match[2]! })
  }
  return rows
}

const TEST_FUNCTIONS = new Set(['describe', 'test', 'it'])

/** `test`, `describe.each(...)`, `it.skip` and the like: the function a title is given to. */
function isTestCall(callee: ts.Expression): boolean {
  if (ts.isIdentifier(callee)) return TEST_FUNCTIONS.has(callee.text)
  if (ts.isPropertyAccessExpression(callee)) return isTestCall(callee.expression)
  if (ts.isCallExpression(callee)) return isTestCall(callee.expression)
  return false
}

function titleText(node: ts.Expression | undefined, source: ts.SourceFile): string | undefined {
  if (node === undefined) return undefined
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node)) return node.getText(source).slice(1, -1)
  return undefined
}

/**
 * The blocks of a test file whose titles name rows, and how many IDs the file holds outside
 * any title.
 */
export function findCarriers(file: string, text: string): { carriers: Carrier[]; stray: number } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const carriers: Carrier[] = []
  let inTitles = 0
  const visit = (node: ts.Node, path: readonly string[]): void => {
    if (ts.isCallExpression(node) && isTestCall(node.expression)) {
      const title = titleText(node.arguments[0], source)
      if (title !== undefined) {
        const ids = [...title.matchAll(ID)].map(m => m[1]!)
        inTitles += ids.length
        const inner = [...path, title]
        if (ids.length > 0) carriers.push({ file, title: inner.join(' > '), ids })
        node.arguments.slice(1).forEach(arg => visit(arg, inner))
        return
      }
    }
    ts.forEachChild(node, child => visit(child, path))
  }
  visit(source, [])
  return { carriers, stray: [...text.matchAll(ID)].length - inTitles }
}

/** The test files under `dir`, relative to `root`, sorted. */
async function testFiles(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { recursive: true })
  return entries
    .filter(entry => entry.endsWith('.test.ts'))
    .map(entry => join(dir, entry))
    .sort()
}

/** Every row, every test that carries one, and what is wrong. */
export async function checkFaults(root = ROOT): Promise<FaultReport> {
  const rows = readRows(await readFile(join(root, FAULTS_FILE), 'utf8'))
  const problems: string[] = []
  const known = new Set<string>()
  for (const row of rows) {
    if (known.has(row.id)) problems.push(`${FAULTS_FILE}: row ${row.id} is listed twice`)
    known.add(row.id)
  }
  const carriers: Carrier[] = []
  for (const file of await testFiles(root, TESTS_DIR)) {
    const found = findCarriers(file, await readFile(join(root, file), 'utf8'))
    carriers.push(...found.carriers)
    if (found.stray > 0) {
      problems.push(`${file}: ${found.stray} fault ID(s) outside a test or describe title`)
    }
  }
  for (const carrier of carriers) {
    for (const id of carrier.ids.filter(id => !known.has(id))) {
      problems.push(`${carrier.file}: "${carrier.title}" names ${id}, which is not a row`)
    }
  }
  const carried = new Set(carriers.flatMap(c => c.ids))
  for (const row of rows.filter(row => !carried.has(row.id))) {
    problems.push(`${row.id} (${row.fault}) has no test`)
  }
  return { rows, carriers, problems }
}

/** The listing `npm run faults` prints: each row, then the tests that carry it. */
export function renderReport(report: FaultReport): string {
  const lines: string[] = []
  for (const row of report.rows) {
    lines.push(`${row.id}  ${row.fault}`)
    for (const c of report.carriers.filter(c => c.ids.includes(row.id))) {
      lines.push(`    ${c.file}: ${c.title}`)
    }
  }
  const tests = report.carriers.length
  lines.push('', `${report.rows.length} rows, carried by ${tests} tests or describe blocks.`)
  return lines.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await checkFaults()
  console.log(renderReport(report))
  if (report.problems.length > 0) {
    console.error(`\n${report.problems.join('\n')}`)
    process.exitCode = 1
  }
}
