/**
 * Runs the bundled action (`dist/index.js`) the way the GitHub runner does: a separate Node
 * process, every input as an INPUT_* variable (with action.yml's defaults filled in), and
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files that are read back afterwards.
 * Used by the demo, the benchmarks and the end-to-end tests.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const BUNDLE = join(ROOT, 'dist', 'index.js')

export interface ActionRun {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly summary: string
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
  /** Node options before the bundle's path (the benchmarks preload a resource-usage probe). */
  readonly nodeArgs?: readonly string[]
}

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
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile
  }
  for (const [name, spec] of Object.entries(declared)) {
    if (spec.default !== undefined) env[inputVariable(name)] = spec.default
  }
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value
  Object.assign(env, options.env)

  const started = performance.now()
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BUNDLE], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code => resolve(code ?? -1))
  })
  const durationMs = performance.now() - started

  const outputs = parseOutputFile(await readFile(outputFile, 'utf8'))
  const summary = await readFile(summaryFile, 'utf8')
  await rm(dir, { recursive: true, force: true })
  return { exitCode, stdout, stderr, outputs, summary, durationMs }
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
