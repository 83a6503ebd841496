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
 * - `${{ }}` expressions are those of scripts/workflow/expressions.ts. Every expression and every
 *   step key is checked before the first step runs; anything outside that subset stops the run.
 *
 * Background processes a step starts (the emulator) are stopped when the run ends, by process
 * group. Exits 0 when every step succeeded, 1 at the first failing step.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { ROOT, runAction } from './run-action.ts'
import { checkTemplate, condition, interpolate, type Contexts } from './workflow/expressions.ts'

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

function stepTitle(step: Step, index: number): string {
  return step.name ?? step.id ?? step.uses ?? `step ${index + 1}`
}

/** Refuses, before anything runs, a workflow this runner would not run as GitHub does. */
export function checkWorkflow(workflow: Workflow): void {
  const jobs = Object.entries(workflow.jobs ?? {})
  if (jobs.length !== 1) throw new Error('the local runner runs workflows of exactly one job')
  const strings: string[] = [...Object.values(workflow.env ?? {}).map(String)]
  const [, job] = jobs[0]!
  strings.push(...Object.values(job.env ?? {}).map(String))
  job.steps.forEach((step, index) => {
    for (const key of Object.keys(step)) {
      if (!STEP_KEYS.has(key)) {
        throw new Error(`${stepTitle(step, index)}: the local runner does not support "${key}"`)
      }
    }
    if (step.shell !== undefined && step.shell !== 'bash') {
      throw new Error(`${stepTitle(step, index)}: only shell: bash is supported`)
    }
    if ((step.uses === undefined) === (step.run === undefined)) {
      throw new Error(`${stepTitle(step, index)}: a step needs exactly one of uses and run`)
    }
    const texts = [
      step.name,
      step.run,
      step.if,
      ...Object.values(step.env ?? {}),
      ...Object.values(step.with ?? {})
    ]
    strings.push(...texts.filter(text => text !== undefined).map(String))
    if (step.if !== undefined && !/\$\{\{/.test(step.if)) strings.push(`\${{ ${step.if} }}`)
  })
  for (const text of strings) {
    try {
      checkTemplate(text)
    } catch (error) {
      throw new Error(`unsupported expression: ${(error as Error).message}`, { cause: error })
    }
  }
}

function interpolateAll(
  values: Record<string, string | number | boolean> | undefined,
  contexts: Contexts
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([k, v]) => [k, interpolate(String(v), contexts)])
  )
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

export async function runWorkflow(file: string): Promise<boolean> {
  const workflow = parse(await readFile(file, 'utf8')) as Workflow
  checkWorkflow(workflow)
  const [jobName, job] = Object.entries(workflow.jobs)[0]!
  const temp = await mkdtemp(join(tmpdir(), 'pdv-workflow-'))
  const groups: number[] = []
  const contexts: { env: Record<string, string>; steps: Contexts['steps'] } = {
    env: {},
    steps: {}
  }
  console.log(`Running ${file}, job ${jobName}, locally`)
  try {
    const base = { LOCAL_RUN: 'true' }
    contexts.env = { ...base, ...interpolateAll(workflow.env, contexts) }
    contexts.env = { ...contexts.env, ...interpolateAll(job.env, contexts) }
    for (const [index, step] of job.steps.entries()) {
      const title = interpolate(stepTitle(step, index), contexts)
      const stepContexts = {
        ...contexts,
        env: { ...contexts.env, ...interpolateAll(step.env, contexts) }
      }
      if (step.if !== undefined && !condition(step.if, stepContexts)) {
        console.log(`\n- ${title}: skipped (if: ${step.if})`)
        continue
      }
      if (step.uses !== undefined && step.uses !== './') {
        console.log(
          `\n- ${title}: skipped locally (${step.uses.replace(/@.*/, '')} prepares a GitHub runner)`
        )
        continue
      }
      console.log(`\n- ${title}`)
      let outputs: Record<string, string>
      let ok: boolean
      if (step.uses === './') {
        const inputs = interpolateAll(step.with, stepContexts)
        const run = await runAction(inputs, { env: { ...stepContexts.env, RUNNER_TEMP: temp } })
        outputs = run.outputs
        ok = run.exitCode === 0
        for (const line of run.stdout.split('\n')) {
          if (/^::(error|warning)::/.test(line)) console.log(`    ${decodeURIComponent(line)}`)
        }
        for (const [name, value] of Object.entries(outputs)) {
          console.log(`    ${name} = ${value.length > 100 ? `${value.slice(0, 100)}…` : value}`)
        }
        if (!ok) console.log(`    action log:\n${indent(run.stdout)}\n${indent(run.stderr)}`)
      } else {
        const outputFile = join(temp, `output-${index}`)
        await writeFile(outputFile, '')
        const env = {
          ...process.env,
          ...stepContexts.env,
          RUNNER_TEMP: temp,
          GITHUB_OUTPUT: outputFile,
          GITHUB_STEP_SUMMARY: join(temp, 'summary')
        } as Record<string, string>
        const timeoutMs = (step['timeout-minutes'] ?? DEFAULT_STEP_MS / 60_000) * 60_000
        const code = await runShell(interpolate(step.run!, stepContexts), env, timeoutMs, groups)
        outputs = parseOutputs(await readFile(outputFile, 'utf8'))
        ok = code === 0
      }
      if (step.id !== undefined) {
        contexts.steps[step.id] = { outputs, outcome: ok ? 'success' : 'failure' }
      }
      if (!ok) {
        console.error(`\nStep "${title}" failed; the workflow stops here.`)
        return false
      }
    }
    console.log(`\nEvery step of ${file} passed locally.`)
    return true
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
