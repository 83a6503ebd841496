/**
 * The workflows the checks read (actionlint in lint-workflows.ts, GitHub's parser in
 * check-github.ts): every file in .github/workflows, and every ```yaml block of README.md and of
 * any docs/**\/*.md, each block made into a workflow of its own:
 * - a complete workflow (`on:` and `jobs:`) as it is;
 * - `jobs:` without `on:` (a fragment of a workflow) wrapped with `on: workflow_dispatch`;
 * - a list of steps wrapped into one job on ubuntu-latest;
 * - anything else is an error, unless the line just above the block's fence is
 *   `<!-- not a workflow -->`, which skips it deliberately.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from './run-action.ts'

/** One piece of YAML to check, and how to map its lines back to the file it came from. */
export interface Source {
  readonly label: string
  readonly text: string
  /** Line in the original file of line 1 of `text`, minus the lines a wrapper added. */
  readonly lineOffset: number
  /** Columns a wrapper added to the start of each line (it indents a list of steps). */
  readonly columnOffset: number
}

export const SKIP_MARKER = '<!-- not a workflow -->'

/** The file a source came from: its label without the `:line` a Markdown block adds. */
export function sourceFile(source: Source): string {
  return source.label.replace(/:\d+$/, '')
}

/** `file:line:column` in the file a source came from, for a line and column of its text. */
export function positionIn(source: Source, line: number, column: number): string {
  return `${sourceFile(source)}:${line + source.lineOffset}:${column - source.columnOffset}`
}

/** A Markdown file's ```yaml blocks, each made into a workflow (or skipped as the header says). */
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
      const indent = '      '
      const steps = body.split('\n').map(line => (line === '' ? line : indent + line))
      sources.push({
        label: where,
        text: [...header, ...steps].join('\n'),
        lineOffset: start - header.length,
        columnOffset: indent.length
      })
    } else if (doc !== null && typeof doc === 'object' && 'jobs' in doc) {
      if ('on' in doc) {
        sources.push({ label: where, text: body, lineOffset: start, columnOffset: 0 })
      } else {
        const header = ['on: workflow_dispatch']
        sources.push({
          label: where,
          text: [...header, body].join('\n'),
          lineOffset: start - header.length,
          columnOffset: 0
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

/** A Markdown file's blocks, or a workflow file as it is, by the file's extension. */
export async function sourcesOf(file: string, label = file): Promise<Source[]> {
  const text = await readFile(file, 'utf8')
  return file.endsWith('.md')
    ? readmeSources(text, label)
    : [{ label, text, lineOffset: 0, columnOffset: 0 }]
}

/** Files under `dir` (relative to the root, recursively) whose names match, sorted; none if absent. */
async function filesUnder(dir: string, name: RegExp): Promise<string[]> {
  let entries: string[]
  try {
    entries = await readdir(join(ROOT, dir), { recursive: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return entries
    .filter(entry => name.test(entry))
    .map(entry => join(dir, entry))
    .sort()
}

/** Every workflow of the repository, and every example of README.md and docs/. */
export async function workflowSources(): Promise<Source[]> {
  const files = [
    // GitHub runs only the workflows directly in the folder, not in folders below it.
    ...(await filesUnder(join('.github', 'workflows'), /^[^/]+\.ya?ml$/)),
    'README.md',
    ...(await filesUnder('docs', /\.md$/))
  ]
  const sources = await Promise.all(files.map(file => sourcesOf(join(ROOT, file), file)))
  return sources.flat()
}
