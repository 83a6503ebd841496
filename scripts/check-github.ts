/**
 * `npm run check:github [-- FILE...]`: reads action.yml and every workflow with GitHub's own
 * parser (@actions/workflow-parser), which catches what actionlint misses, such as a `${{ }}`
 * in a description of action.yml: the runner refuses to load such an action
 * ("Unrecognized named-value: 'github'"). It exits 1 when
 * - parseAction + convertActionTemplate report any error in action.yml, or it does not run
 *   dist/index.js on node24, or its inputs are not src/interface/names.ts' Inputs;
 * - parseWorkflow + convertWorkflowTemplate report any error in a workflow of .github/workflows
 *   or a yaml example of README.md or docs/ (workflow-sources.ts says how a block becomes one);
 * - a step that uses this action (`uses: ./`, or this repository at any ref) passes an input
 *   that action.yml does not declare. The runner compares names ignoring case; for any other
 *   it only warns ("Unexpected input(s)") and runs the step without it.
 * Given FILEs, it checks them instead of the repository's workflows: one named action.yml or
 * action.yaml as a manifest, a .md file for its yaml examples, any other as a workflow; steps are
 * held to the repository's action.yml, which is always checked.
 *
 * The parser needs json-import-hook.ts preloaded, as the npm script does.
 */
import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow
} from '@actions/workflow-parser'
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index'
import type { TemplateContext } from '@actions/workflow-parser/templates/template-context'
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import type { TokenRange } from '@actions/workflow-parser/templates/tokens/token-range'
import { Inputs } from '../src/interface/names.ts'
import { ROOT } from './run-action.ts'
import {
  positionIn,
  sourceFile,
  sourcesOf,
  workflowSources,
  type Source
} from './workflow-sources.ts'

/** What the runner must start: the bundle, on the Node the action is built for. */
const ENTRY = { using: 'node24', main: 'dist/index.js' }

/** Where a range starts in the file the source came from; the file alone without a range. */
function where(source: Source, range: TokenRange | undefined): string {
  return range ? positionIn(source, range.start.line, range.start.column) : sourceFile(source)
}

/** The parser's errors, each as `file:line:column: message`. */
function parserProblems(context: TemplateContext, source: Source): string[] {
  return context.errors
    .getErrors()
    .map(error => `${where(source, error.range)}: ${error.rawMessage}`)
}

/** An action manifest as the runner loads it, and the inputs it declares when it loads clean. */
function checkAction(source: Source): { problems: string[]; inputs?: string[] } {
  const trace = new NoOperationTraceWriter()
  const parsed = parseAction({ name: sourceFile(source), content: source.text }, trace)
  const template = parsed.value && convertActionTemplate(parsed.context, parsed.value)
  const problems = parserProblems(parsed.context, source)
  if (problems.length > 0 || !template) return { problems }
  const runs: Record<string, unknown> = { ...template.runs }
  if (runs.using !== ENTRY.using || runs.main !== ENTRY.main) {
    problems.push(
      `${sourceFile(source)}: runs must be ${JSON.stringify(ENTRY)}, not ${JSON.stringify(runs)}`
    )
  }
  return { problems, inputs: (template.inputs ?? []).map(input => input.id) }
}

/** A problem unless the manifest declares exactly src/interface/names.ts' Inputs, in that order. */
function inputsMatchNames(declared: readonly string[]): string[] {
  const names: readonly string[] = Object.values(Inputs)
  if (declared.join() === names.join()) return []
  const missing = names.filter(name => !declared.includes(name))
  const extra = declared.filter(name => !names.includes(name))
  return [
    `action.yml: its inputs differ from src/interface/names.ts' Inputs (not declared: ` +
      `${missing.join(', ') || 'none'}; not in Inputs: ${extra.join(', ') || 'none'}` +
      `${missing.length + extra.length === 0 ? '; the order differs' : ''})`
  ]
}

/** Every step of every job, as the mapping it was written as. */
function* steps(root: TemplateToken): Generator<MappingToken> {
  const jobs = isMapping(root) ? root.find('jobs') : undefined
  if (!jobs || !isMapping(jobs)) return
  for (const { value: job } of jobs) {
    const list = isMapping(job) ? job.find('steps') : undefined
    if (!list || !isSequence(list)) continue
    for (const step of list) if (isMapping(step)) yield step
  }
}

/** The steps that use this action and pass an input it does not declare, one problem each. */
function undeclaredInputs(
  root: TemplateToken,
  source: Source,
  declared: readonly string[],
  usesThisAction: (uses: string) => boolean
): string[] {
  const known = new Set(declared.map(name => name.toLowerCase()))
  const problems: string[] = []
  for (const step of steps(root)) {
    const uses = step.find('uses')
    const inputs = step.find('with')
    if (!uses || !isString(uses) || !usesThisAction(uses.value) || !inputs || !isMapping(inputs)) {
      continue
    }
    for (const { key } of inputs) {
      if (!isString(key) || known.has(key.value.toLowerCase())) continue
      problems.push(
        `${where(source, key.range)}: input "${key.value}" is not declared in action.yml ` +
          `(the step uses ${uses.value}, whose inputs are ${declared.join(', ')})`
      )
    }
  }
  return problems
}

/** A workflow as GitHub reads it, and its steps that use this action held to `declared`. */
async function checkWorkflow(
  source: Source,
  declared: readonly string[] | undefined,
  usesThisAction: (uses: string) => boolean
): Promise<string[]> {
  const trace = new NoOperationTraceWriter()
  const parsed = parseWorkflow({ name: sourceFile(source), content: source.text }, trace)
  if (parsed.value) await convertWorkflowTemplate(parsed.context, parsed.value)
  const problems = parserProblems(parsed.context, source)
  if (parsed.value && declared) {
    problems.push(...undeclaredInputs(parsed.value, source, declared, usesThisAction))
  }
  return problems
}

/** `uses: ./`, or this repository (owner/name from package.json's repository) at any ref. */
async function thisActionMatcher(): Promise<(uses: string) => boolean> {
  const { repository } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    repository: { url: string }
  }
  const name = /github\.com\/([^/]+\/[^/]+?)(?:\.git)?$/.exec(repository.url)?.[1]
  if (!name) throw new Error(`package.json: no GitHub repository in ${repository.url}`)
  // GitHub's owner and repository names ignore case.
  const remote = name.toLowerCase() + '@'
  return uses => uses === './' || uses.toLowerCase().startsWith(remote)
}

async function main(): Promise<void> {
  const files = process.argv.slice(2)
  const isManifest = (file: string) => /^action\.ya?ml$/.test(basename(file))
  const repositoryManifest = await sourcesOf(join(ROOT, 'action.yml'), 'action.yml')
  const manifests = [
    ...repositoryManifest,
    ...(await Promise.all(files.filter(isManifest).map(file => sourcesOf(file)))).flat()
  ]
  const workflows =
    files.length > 0
      ? (
          await Promise.all(files.filter(file => !isManifest(file)).map(file => sourcesOf(file)))
        ).flat()
      : await workflowSources()

  const problems: string[] = []
  const checked = manifests.map(checkAction)
  const declared = checked[0]!.inputs
  for (const { problems: found } of checked) problems.push(...found)
  if (declared) problems.push(...inputsMatchNames(declared))
  const usesThisAction = await thisActionMatcher()
  for (const source of workflows) {
    problems.push(...(await checkWorkflow(source, declared, usesThisAction)))
  }

  for (const problem of problems) console.log(problem)
  const scope = `${manifests.length} action manifest(s) and ${workflows.length} workflow(s)`
  if (problems.length > 0) {
    console.error(`GitHub's parser: ${problems.length} problem(s) in ${scope}`)
    process.exitCode = 1
  } else {
    console.log(`GitHub's parser: ${scope} checked, no problems`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main().catch((error: unknown) => {
    console.error(`check-github: ${(error as Error).message}`)
    process.exitCode = 1
  })
}
