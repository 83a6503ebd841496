/**
 * Runs the bundled action (`dist/index.js`) the way the GitHub runner does: a separate Node
 * process, every input as an INPUT_* variable (with action.yml's defaults filled in), a
 * RUNNER_TEMP directory, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files that are read back
 * afterwards, with the files the resultFile and planFile outputs name.
 * Used by the demo, the benchmarks and the end-to-end tests.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Names a bundle to run instead of the committed one (the tests build the sources into it). */
export const BUNDLE_ENV = 'PDV_BUNDLE'

/** The bundle to run: PDV_BUNDLE when set, else the committed `dist/index.js`. */
export function bundlePath(): string {
  return process.env[BUNDLE_ENV] || join(ROOT, 'dist', 'index.js')
}

export interface ActionRun {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly summary: string
  /** The text of the file the resultFile output names; undefined when it names none. */
  readonly resultFile?: string
  /** The text of the file the planFile output names (a cleanup dry run's plan), likewise. */
  readonly planFile?: string
  /** The process's peak resident memory in KiB, when asked for (`measureMemory`). */
  readonly peakRssKiB?: number
  readonly durationMs: number
}

interface ActionMetadata {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

let metadata: ActionMetadata | undefined

export async function actionMetadata(): Promise<ActionMetadata> {
  metadata ??= parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata
  return metadata
}

/** The variable the runner sets for an input: spaces become '_', letters are upper-cased. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

export interface RunOptions {
  /** Extra environment (GITHUB_* context, RUNNER_DEBUG, PAPERSPACE_API_KEY). */
  readonly env?: Record<string, string>
  /**
   * Sends the process `signal` (as the runner does when a workflow is cancelled) as soon as
   * `when()` is true, checked every few milliseconds while it runs (e.g. "the 2nd DELETE has
   * arrived at the emulator"); at most once.
   */
  readonly interrupt?: { readonly signal: NodeJS.Signals; readonly when: () => boolean }
  /** Report the process's peak resident memory (`peakRssKiB`). */
  readonly measureMemory?: boolean
  /** Node options before the bundle's path (the benchmarks preload a resource-usage probe). */
  readonly nodeArgs?: readonly string[]
}

/** Printed to stderr as the process exits when memory is measured; taken out of `stderr`. */
const RSS_MARK = 'pdv-peak-rss-kib='
const RSS_PROBE = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n${RSS_MARK}'+process.resourceUsage().maxRSS+'\\n'))`

export async function runAction(
  inputs: Record<string, string>,
  options: RunOptions = {}
): Promise<ActionRun> {
  const { inputs: declared } = await actionMetadata()
  const dir = await mkdtemp(join(tmpdir(), 'pdv-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')

  const env: Record<string, string> = {
    // A clean environment: nothing of the caller's (a real PAPERSPACE_API_KEY, say) leaks in.
    PATH: process.env.PATH ?? '',
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile
  }
  for (const [name, spec] of Object.entries(declared)) {
    if (spec.default !== undefined) env[inputVariable(name)] = spec.default
  }
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value
  Object.assign(env, options.env)

  const started = performance.now()
  const args = [
    ...(options.nodeArgs ?? []),
    ...(options.measureMemory ? ['--import', RSS_PROBE] : []),
    bundlePath()
  ]
  const child = spawn(process.execPath, args, {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const interrupt = options.interrupt
  const poll =
    interrupt === undefined
      ? undefined
      : setInterval(() => {
          if (!interrupt.when()) return
          clearInterval(poll)
          child.kill(interrupt.signal)
        }, 2)
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code => resolve(code ?? -1))
  })
  clearInterval(poll)
  const durationMs = performance.now() - started

  const outputs = parseOutputFile(await readFile(outputFile, 'utf8'))
  const summary = await readFile(summaryFile, 'utf8')
  // Only a file inside this run's RUNNER_TEMP is read: the output is the action's to get right.
  const fileIn = async (named: string | undefined) =>
    named !== undefined && dirname(named) === dir ? await readFile(named, 'utf8') : undefined
  const resultFile = await fileIn(outputs.resultFile)
  const planFile = await fileIn(outputs.planFile)
  await rm(dir, { recursive: true, force: true })
  const measured = new RegExp(`\\n${RSS_MARK}(\\d+)\\n$`).exec(stderr)
  return {
    exitCode,
    stdout,
    stderr: measured === null ? stderr : stderr.slice(0, measured.index),
    outputs,
    summary,
    ...(resultFile !== undefined && { resultFile }),
    ...(planFile !== undefined && { planFile }),
    ...(measured !== null && { peakRssKiB: Number(measured[1]) }),
    durationMs
  }
}

/** Reads the runner's `name<<DELIMITER ... DELIMITER` output file format. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const header = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (header === null) continue
    const [, name, delimiter] = header
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!)
    outputs[name!] = value.join('\n')
  }
  return outputs
}

/** The step's annotations of one kind, decoded as the runner shows them. */
export function annotations(stdout: string, kind: 'error' | 'warning' | 'notice'): string[] {
  const prefix = `::${kind}::`
  return stdout
    .split('\n')
    .filter(line => line.startsWith(prefix))
    .map(line => decodeURIComponent(line.slice(prefix.length)))
}
