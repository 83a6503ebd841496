import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { annotations, inputVariable, parseOutputFile } from '../../scripts/run-action.ts'

let dir: string | undefined

/** Removes the files of the runs in this process (call in afterAll). */
export async function cleanUpRuns(): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  dir = undefined
}

export interface InProcessRun {
  readonly exitCode: number
  readonly stdout: string
  readonly outputs: Record<string, string>
  readonly summary: string
  readonly errors: string[]
  readonly warnings: string[]
}

/**
 * Runs `run()` of src/main.ts in this process the way the runner would start it: inputs as
 * INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, stdout captured. The action's
 * own code writes the outputs and the summary, as in the bundle; everything is restored
 * afterwards.
 */
export async function runInProcess(
  run: () => Promise<void>,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<InProcessRun> {
  // Every run in this process uses the same files, emptied first: a summary writer may keep the
  // path of its first write (@actions/core's summary does).
  dir ??= await mkdtemp(join(tmpdir(), 'pdv-main-'))
  const files = {
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary')
  }
  // The result files of earlier runs go: each run writes its own.
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  await writeFile(files.GITHUB_OUTPUT, '')
  await writeFile(files.GITHUB_STEP_SUMMARY, '')
  const set: Record<string, string> = { ...files, ...env }
  for (const [name, value] of Object.entries(inputs)) set[inputVariable(name)] = value
  const saved = { env: { ...process.env }, exitCode: process.exitCode }
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_') || key === 'PAPERSPACE_API_KEY' || key === 'RUNNER_DEBUG')
      delete process.env[key]
  }
  Object.assign(process.env, set)
  process.exitCode = undefined

  let stdout = ''
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = (chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    return true
  }
  let exitCode: number
  try {
    await run()
    exitCode = Number(process.exitCode ?? 0)
  } finally {
    process.stdout.write = write
    process.env = saved.env
    process.exitCode = saved.exitCode
  }
  const outputs = parseOutputFile(await readFile(files.GITHUB_OUTPUT, 'utf8'))
  const summary = await readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
  return {
    exitCode,
    stdout,
    outputs,
    summary,
    errors: annotations(stdout, 'error'),
    warnings: annotations(stdout, 'warning')
  }
}

/**
 * run() of src/main.ts in this process against an emulator, with its key and URL and no retries
 * (a test that wants retries sets them): the same code as the bundle, counted by coverage.
 */
export function runAgainst(
  run: () => Promise<void>,
  emulator: { readonly url: string; readonly apiKey: string },
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<InProcessRun> {
  return runInProcess(
    run,
    { baseUrl: emulator.url, apiKey: emulator.apiKey, retries: '0', ...inputs },
    env
  )
}
