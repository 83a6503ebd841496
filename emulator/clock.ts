/**
 * Time for the emulator: a sub-millisecond clock, and waiting until a moment without answering
 * early and with as little overshoot as Node's millisecond timers allow.
 */
import { setImmediate, setTimeout } from 'node:timers/promises'

/** Milliseconds since the epoch with sub-millisecond precision (unlike Date.now()). */
export function now(): number {
  return performance.timeOrigin + performance.now()
}

export function sleep(ms: number): Promise<void> {
  return setTimeout(ms)
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

  async until(deadline: number): Promise<void> {
    for (;;) {
      const remaining = deadline - now()
      if (remaining <= 0) return
      const ms = Math.round(remaining - this.lateness)
      if (ms >= 1) {
        const start = now()
        await sleep(ms)
        const late = now() - start - ms
        // A moving average over about the last eight timers; bounded so one stall cannot skew it.
        this.lateness += (Math.min(Math.max(late, 0), 2) - this.lateness) / 8
      } else {
        await setImmediate()
      }
    }
  }
}
