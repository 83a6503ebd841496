/**
 * Time as the action sees it: what time it is, and how to wait. Operations take it from their
 * context, so a test runs them on a clock of its own and never waits for real time to pass.
 */
import { pause } from './cancel.ts'

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms`; rejects with CancelledError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now(), sleep: pause }
