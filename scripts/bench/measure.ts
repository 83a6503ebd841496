/**
 * Running the bundled action against the emulator and measuring the run from three sides: the
 * action's process (wall time, and CPU time and peak memory from a preloaded probe), the
 * emulator's HTTP server (when each request arrived and when its answer was finished, through
 * Node's diagnostics channels, so the emulator itself is untouched), and this process (whose CPU
 * time during the run is, apart from a little bookkeeping, the emulator's).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { IncomingMessage } from 'node:http'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Emulator } from '../../emulator/server.ts'
import { runAction, type ActionRun } from '../run-action.ts'

export const PROBE = pathToFileURL(join(import.meta.dirname, 'rusage-probe.js')).href

export interface Usage {
  readonly cpuMs: number
  readonly peakRssMb: number
}

/** Runs `start` with the probe preloaded and returns what the probe wrote. */
export async function withUsage<T>(
  start: (nodeArgs: string[], env: Record<string, string>) => Promise<T>
): Promise<{ result: T; usage: Usage }> {
  const dir = await mkdtemp(join(tmpdir(), 'pdv-bench-'))
  const file = join(dir, 'usage.json')
  try {
    const result = await start(['--import', PROBE], { BENCH_RUSAGE_FILE: file })
    const raw = JSON.parse(await readFile(file, 'utf8')) as { cpuMs: number; maxRssKb: number }
    return { result, usage: { cpuMs: raw.cpuMs, peakRssMb: raw.maxRssKb / 1024 } }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** What the emulator's server saw: request arrivals and finished answers, in ms. */
export class Traffic {
  private readonly arrived = new WeakMap<IncomingMessage, number>()
  readonly serverMs: number[] = []
  /** Arrival and finish times, in order, for the gaps of a sequential run. */
  readonly arrivals: number[] = []
  readonly finishes: number[] = []
  first = Infinity
  last = -Infinity

  private readonly onStart = (message: unknown) => {
    const now = performance.now()
    this.arrived.set((message as { request: IncomingMessage }).request, now)
    this.arrivals.push(now)
    this.first = Math.min(this.first, now)
  }

  private readonly onFinish = (message: unknown) => {
    const now = performance.now()
    const started = this.arrived.get((message as { request: IncomingMessage }).request)
    if (started !== undefined) this.serverMs.push(now - started)
    this.finishes.push(now)
    this.last = Math.max(this.last, now)
  }

  start(): void {
    subscribe('http.server.request.start', this.onStart)
    subscribe('http.server.response.finish', this.onFinish)
  }

  stop(): void {
    unsubscribe('http.server.request.start', this.onStart)
    unsubscribe('http.server.response.finish', this.onFinish)
  }

  /**
   * For requests made one after another: the median time from an answer leaving the emulator to
   * the next request arriving, which is the action's turnaround (plus the loopback's).
   */
  get medianGapMs(): number {
    const gaps = this.arrivals.slice(1).map((at, i) => at - this.finishes[i]!)
    return gaps.length === 0 ? 0 : median(gaps)
  }

  /** From the first request's arrival to the last answer's end. */
  get spanMs(): number {
    return this.last - this.first
  }
}

export interface MeasuredRun {
  readonly run: ActionRun
  readonly usage: Usage
  /** Requests the emulator received during the run. */
  readonly requests: number
  /** First request in to last answer out, as the emulator saw it. */
  readonly spanMs: number
  /** Mean time the emulator took per request beyond its configured latency. */
  readonly emulatorExcessMs: number
  /** CPU time of this process (the emulator) during the run. */
  readonly emulatorCpuMs: number
  /** Sequential runs only: the action's median turnaround between an answer and its next request. */
  readonly medianGapMs: number
}

/** Runs the action once against `emulator` with `inputs` (baseUrl and apiKey are filled in). */
export async function measureAction(
  emulator: Emulator,
  latencyMs: number,
  inputs: Record<string, string>
): Promise<MeasuredRun> {
  const before = emulator.requests.length
  const traffic = new Traffic()
  const cpu = process.cpuUsage()
  traffic.start()
  try {
    const { result: run, usage } = await withUsage((nodeArgs, env) =>
      runAction({ baseUrl: emulator.url, apiKey: emulator.apiKey, ...inputs }, { nodeArgs, env })
    )
    const spent = process.cpuUsage(cpu)
    const excess = traffic.serverMs.map(ms => Math.max(0, ms - latencyMs))
    return {
      run,
      usage,
      requests: emulator.requests.length - before,
      spanMs: traffic.spanMs,
      emulatorExcessMs: excess.reduce((a, b) => a + b, 0) / Math.max(1, excess.length),
      emulatorCpuMs: (spent.user + spent.system) / 1000,
      medianGapMs: traffic.medianGapMs
    }
  } finally {
    traffic.stop()
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Fails the benchmark when the action did not do what was asked: a figure of a broken run lies. */
export function expect(condition: boolean, what: string, run: ActionRun): void {
  if (condition) return
  throw new Error(
    `${what}\n(exit ${run.exitCode})\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`
  )
}
