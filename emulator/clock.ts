/**
 * Time for the emulator: what time it is, and waiting until a moment (an answer's latency or
 * fault delay, a delayed commit). The real clock is sub-millisecond, never answers early and
 * overshoots as little as Node's millisecond timers allow; a test gives the emulator a clock of
 * its own (`EmulatorOptions.clock`) to decide when time passes instead of waiting for it.
 */
import { setImmediate, setTimeout } from 'node:timers/promises'

export interface EmulatorClock {
  /** Milliseconds since the epoch. */
  now(): number
  /**
   * Resolves once `now()` has reached `deadline`, never before; rejects as soon as `signal`
   * aborts. The wait alone does not keep the process alive.
   */
  until(deadline: number, signal?: AbortSignal): Promise<void>
}

/** Milliseconds since the epoch with sub-millisecond precision (unlike Date.now()). */
export function now(): number {
  return performance.timeOrigin + performance.now()
}

/** How a Pacer reads the time and waits: the real ones, or a test's. */
export interface PacerTime {
  now(): number
  /** A timer of `ms` whole milliseconds: it may fire late, never early. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** One turn of the event loop. */
  turn(): Promise<void>
}

const realTime: PacerTime = {
  now,
  sleep: (ms, signal) => setTimeout(ms, undefined, { ref: false, ...(signal && { signal }) }),
  turn: () => setImmediate()
}

/**
 * Waits until given moments, never returning before one. Node's timers count whole milliseconds
 * on a clock read once per turn of the event loop, so under load they fire most of a
 * millisecond late: sleeping the full latency overshot by about 0.7 ms a request. The pacer
 * learns how late its timers fire, sets each one that much short, and waits out any remainder
 * (a fraction of a millisecond) between turns of the event loop.
 */
export class Pacer {
  /** Running estimate of how late a timer fires, in ms. */
  private lateness = 0.5
  private readonly time: PacerTime

  constructor(time: PacerTime = realTime) {
    this.time = time
  }

  async until(deadline: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted()
      const remaining = deadline - this.time.now()
      if (remaining <= 0) return
      const ms = Math.round(remaining - this.lateness)
      if (ms >= 1) {
        const start = this.time.now()
        await this.time.sleep(ms, signal)
        const late = this.time.now() - start - ms
        // A moving average over about the last eight timers; bounded so one stall cannot skew it.
        this.lateness += (Math.min(Math.max(late, 0), 2) - this.lateness) / 8
      } else {
        await this.time.turn()
      }
    }
  }
}

/** The real clock: `now()`, and a pacer of its own to wait with. */
export function realClock(): EmulatorClock {
  const pacer = new Pacer()
  return { now, until: (deadline, signal) => pacer.until(deadline, signal) }
}
