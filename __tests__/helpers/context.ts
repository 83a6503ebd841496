import type { OperationContext } from '../../src/operations/context.ts'
import type { PaperspaceClient } from '../../src/paperspace/client.ts'
import { CancelledError } from '../../src/shared/cancel.ts'
import type { Clock } from '../../src/shared/clock.ts'
import { silentLog } from '../../src/shared/log.ts'

/** A clock under the test's control, and the sleeps it was asked for. */
export interface ManualClock extends Clock {
  /** Every sleep asked for, in milliseconds, in order. */
  readonly slept: number[]
  /** Moves its time forward by `ms` outside a sleep: the time a request took, say. */
  advance(ms: number): void
}

/**
 * A clock that never waits: `sleep` moves its time forward at once and resolves on the next turn
 * of the event loop (rejecting, as the real one does, when the signal is aborted). `onSleep` runs
 * as each sleep begins, so a test can make something happen "during" a wait.
 */
export function manualClock(
  options: { start?: number; onSleep?: (ms: number) => void } = {}
): ManualClock {
  let time = options.start ?? Date.parse('2026-06-01T12:00:00.000Z')
  const slept: number[] = []
  return {
    slept,
    now: () => time,
    advance: ms => {
      time += ms
    },
    sleep: (ms, signal) => {
      slept.push(ms)
      options.onSleep?.(ms)
      return new Promise((resolve, reject) =>
        setImmediate(() => {
          if (signal?.aborted) return reject(new CancelledError('stopped waiting'))
          time += ms
          resolve()
        })
      )
    }
  }
}

/** What an operation is given, for a test: a real client, a manual clock, nothing logged. */
export function operationContext(
  client: PaperspaceClient,
  overrides: Partial<OperationContext> = {}
): OperationContext {
  return {
    client,
    log: silentLog,
    signal: new AbortController().signal,
    clock: manualClock(),
    runContext: () => Promise.resolve({}),
    progress: () => {},
    ...overrides
  }
}
