/**
 * `npm run e2e-workflow [-- path/to/workflow.yml]`: runs the steps of a workflow (by default
 * `.github/workflows/e2e.yml`) here, against the bundle, so the dogfooding workflow is known to
 * work before it ever runs on GitHub.
 *
 * - `uses: ./` runs dist/index.js through scripts/run-action.ts, as the runner would.
 * - `run:` runs with bash -eo pipefail, with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP.
 * - Any other `uses:` (actions/checkout, actions/setup-node) prepares a GitHub runner and is
 *   skipped: this checkout already has Node 24 and its node_modules.
 * - `env.LOCAL_RUN` is 'true' here and unset on GitHub, so a step can say `if: ${{ !env.LOCAL_RUN }}`.
 * - `${{ }}` is evaluated by GitHub's own evaluator (scripts/workflow/evaluate.ts), with the
 *   contexts `env`, `steps` (outputs, outcome, conclusion) and `runner` (os, temp), and the status
 *   functions in `if:`. Every expression and every step key is checked before the first step
 *   runs: one that reads anything else (`github`, `secrets`, `hashFiles()`, `runner.name`, the
 *   outputs of a step skipped here) stops the run, naming it, since a local run cannot give it as
 *   GitHub would.
 * - After a step fails, as on GitHub, only steps whose `if:` asks for `failure()` or `always()` run;
 *   an expression that fails while evaluating (fromJSON of text that is not JSON) fails its step.
 *
 * Background processes a step starts (the emulator) are stopped when the run ends, by process
 * group. Exits 0 when every step succeeded, 1 when one failed.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { ROOT, runAction } from './run-action.ts'
import {
  checkCondition,
  checkTemplate,
  condition,
  interpolate,
  interpolateAll,
  type Available,
  type Contexts
} from './workflow/evaluate.ts'

interface Step {
  name?: string
  id?: string
  if?: string
  uses?: string
  run?: string
  shell?: string
  env?: Record<string, string>
  with?: Record<string, string | number | boolean>
  'timeout-minutes'?: number
}

interface Workflow {
  env?: Record<string, string>
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>
}

const STEP_KEYS = new Set([
  'name',
  'id',
  'if',
  'uses',
  'run',
  'shell',
  'env',
  'with',
  'timeout-minutes'
])
/** A step may run this long locally unless it says otherwise; a bounded run, never a hang. */
const DEFAULT_STEP_MS = 5 * 60_000

/** runner.os as GitHub names the system this runs on. */
const RUNNER_OS: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'Linux',
  darwin: 'macOS',
  win32: 'Windows'
}
/** The keys of GitHub's runner context that a local run does not give. */
const RUNNER_UNKNOWN = ['name', 'arch', 'tool_cache', 'debug', 'environment']

function stepTitle(step: Step, index: number): string {
  return step.name ?? step.id ?? step.uses ?? `step ${index + 1}`
}

/** A `uses:` step this runner skips, since it prepares a GitHub runner. */
const skippedHere = (step: Step) => step.uses !== undefined && step.uses !== './'

/** Refuses, before anything runs, a workflow this runner would not run as GitHub does. */
export function checkWorkflow(workflow: Workflow): void {
  const jobs = Object.entries(workflow.jobs ?? {})
  if (jobs.length !== 1) throw new Error('the local runner runs workflows of exactly one job')
  const [jobName, job] = jobs[0]!
  const check = (where: string, text: unknown, available: Available, isCondition = false) => {
    try {
      if (isCondition) checkCondition(String(text), available)
      else checkTemplate(String(text), available)
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`, { cause: error })
    }
  }
  const checkAll = (where: string, values: Record<string, unknown> = {}, available: Available) => {
    for (const [key, text] of Object.entries(values)) check(`${where}.${key}`, text, available)
  }
  // Workflow and job env have none of the contexts a local run gives.
  checkAll('env', workflow.env, {})
  checkAll(`jobs.${jobName}.env`, job.env, {})
  const available: Available = {
    env: [],
    steps: job.steps.filter(step => skippedHere(step) && step.id !== undefined).map(s => s.id!),
    runner: RUNNER_OS[process.platform] === undefined ? [...RUNNER_UNKNOWN, 'os'] : RUNNER_UNKNOWN
  }
  job.steps.forEach((step, index) => {
    const title = stepTitle(step, index)
    for (const key of Object.keys(step)) {
      if (!STEP_KEYS.has(key)) {
        throw new Error(`${title}: the local runner does not support "${key}"`)
      }
    }
    if (step.shell !== undefined && step.shell !== 'bash') {
      throw new Error(`${title}: only shell: bash is supported`)
    }
    if ((step.uses === undefined) === (step.run === undefined)) {
      throw new Error(`${title}: a step needs exactly one of uses and run`)
    }
    const timeout = step['timeout-minutes']
    if (timeout !== undefined && typeof timeout !== 'number') {
      throw new Error(`${title}: timeout-minutes must be a number here`)
    }
    if (step.name !== undefined) check(`${title}, name`, step.name, available)
    // Of a step skipped here, only the name is evaluated.
    if (skippedHere(step)) return
    if (step.if !== undefined) check(`${title}, if`, step.if, available, true)
    if (step.run !== undefined) check(`${title}, run`, step.run, available)
    checkAll(`${title}, env`, step.env, available)
    checkAll(`${title}, with`, step.with, available)
  })
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map(line => `    ${line}`)
    .join('\n')

/** Runs a bash step in its own process group, so that what it leaves in the background can be stopped. */
async function runShell(
  script: string,
  env: Record<string, string>,
  timeoutMs: number,
  groups: number[]
): Promise<number> {
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit']
  })
  if (child.pid !== undefined) groups.push(child.pid)
  return new Promise<number>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      console.error(`    timed out after ${timeoutMs / 1000} s`)
      child.kill('SIGTERM')
    }, timeoutMs)
    child.on('error', reject)
    child.on('exit', code => {
      clearTimeout(timer)
      resolvePromise(code ?? 1)
    })
  })
}

/** A step as the steps context shows it (a type, not an interface, so that it is a context Value). */
type StepResult = {
  outputs: Record<string, string>
  outcome: 'success' | 'failure' | 'skipped'
  conclusion: 'success' | 'failure' | 'skipped'
}

/** Runs one step that its if: let through; returns its outputs and whether it succeeded. */
async function runStep(
  step: Step,
  index: number,
  contexts: Contexts & { env: Record<string, string> },
  temp: string,
  groups: number[]
): Promise<{ outputs: Record<string, string>; ok: boolean }> {
  if (step.uses === './') {
    const inputs = interpolateAll(step.with, contexts)
    const run = await runAction(inputs, { env: { ...contexts.env, RUNNER_TEMP: temp } })
    for (const line of run.stdout.split('\n')) {
      if (/^::(error|warning)::/.test(line)) console.log(`    ${decodeURIComponent(line)}`)
    }
    for (const [name, value] of Object.entries(run.outputs)) {
      console.log(`    ${name} = ${value.length > 100 ? `${value.slice(0, 100)}…` : value}`)
    }
    const ok = run.exitCode === 0
    if (!ok) console.log(`    action log:\n${indent(run.stdout)}\n${indent(run.stderr)}`)
    return { outputs: run.outputs, ok }
  }
  const outputFile = join(temp, `output-${index}`)
  await writeFile(outputFile, '')
  const env = {
    ...process.env,
    ...contexts.env,
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: join(temp, 'summary')
  } as Record<string, string>
  const timeoutMs = (step['timeout-minutes'] ?? DEFAULT_STEP_MS / 60_000) * 60_000
  const code = await runShell(interpolate(step.run!, contexts), env, timeoutMs, groups)
  return { outputs: parseOutputs(await readFile(outputFile, 'utf8')), ok: code === 0 }
}

export async function runWorkflow(file: string): Promise<boolean> {
  const workflow = parse(await readFile(file, 'utf8')) as Workflow
  checkWorkflow(workflow)
  const [jobName, job] = Object.entries(workflow.jobs)[0]!
  const temp = await mkdtemp(join(tmpdir(), 'pdv-workflow-'))
  const groups: number[] = []
  const steps: Record<string, StepResult> = {}
  const runner = { os: RUNNER_OS[process.platform] ?? null, temp }
  let failed = false
  console.log(`Running ${file}, job ${jobName}, locally`)
  try {
    // Workflow and job env see no context; a step sees the job's env and the steps before it.
    const env = {
      LOCAL_RUN: 'true',
      ...interpolateAll(workflow.env, {}),
      ...interpolateAll(job.env, {})
    }
    for (const [index, step] of job.steps.entries()) {
      const contexts = { env, steps, runner }
      const title = interpolate(stepTitle(step, index), contexts)
      if (skippedHere(step)) {
        console.log(
          `\n- ${title}: skipped locally (${step.uses!.replace(/@.*/, '')} prepares a GitHub runner)`
        )
        continue
      }
      let result: { outputs: Record<string, string>; ok: boolean }
      try {
        const stepContexts = { ...contexts, env: { ...env, ...interpolateAll(step.env, contexts) } }
        if (!condition(String(step.if ?? ''), stepContexts, { failed })) {
          console.log(`\n- ${title}: skipped (if: ${step.if ?? 'success()'})`)
          if (step.id !== undefined) {
            steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' }
          }
          continue
        }
        console.log(`\n- ${title}`)
        result = await runStep(step, index, stepContexts, temp, groups)
      } catch (error) {
        // An expression that fails to evaluate fails its step, as on GitHub.
        console.log(`\n- ${title}\n    ${(error as Error).message}`)
        result = { outputs: {}, ok: false }
      }
      const outcome = result.ok ? 'success' : 'failure'
      if (step.id !== undefined) {
        steps[step.id] = { outputs: result.outputs, outcome, conclusion: outcome }
      }
      if (!result.ok && !failed) {
        console.error(
          `\nStep "${title}" failed; from here on only steps whose if: asks for failure() or always() run.`
        )
      }
      failed ||= !result.ok
    }
    if (failed) console.error(`\n${file} failed locally.`)
    else console.log(`\nEvery step of ${file} passed locally.`)
    return !failed
  } finally {
    for (const group of groups) {
      try {
        process.kill(-group, 'SIGTERM')
      } catch {
        // The group has already exited.
      }
    }
    await rm(temp, { recursive: true, force: true })
  }
}

/** GITHUB_OUTPUT as a run step writes it: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const block = /^([^<=]+)<<(.+)$/.exec(line)
    if (block) {
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== block[2]; i++) value.push(lines[i]!)
      outputs[block[1]!] = value.join('\n')
      continue
    }
    const simple = /^([^<=]+)=(.*)$/.exec(line)
    if (simple) outputs[simple[1]!] = simple[2]!
  }
  return outputs
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = resolve(process.argv[2] ?? join(ROOT, '.github', 'workflows', 'e2e.yml'))
  try {
    process.exitCode = (await runWorkflow(file)) ? 0 : 1
  } catch (error) {
    console.error(`run-workflow: ${(error as Error).message}`)
    process.exitCode = 1
  }
}
