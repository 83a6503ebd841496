/**
 * Cancellation: what a cancelled workflow (SIGINT or SIGTERM from the runner) means below
 * `main.ts`. Operations read `context.signal`; once it is aborted they start nothing new, and
 * anything that waits (a backoff, a poll) stops waiting.
 */
import { ActionError } from './errors.ts'

/** Thrown when work is refused or stopped because the run was cancelled. */
export class CancelledError extends ActionError {
  override name = 'CancelledError'

  constructor(what: string) {
    super(`Cancelled: ${what}`)
  }
}

/** Throws CancelledError when the signal has been aborted; `what` says what was not started. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new CancelledError(what)
}

/** Waits `ms`, or rejects with CancelledError as soon as the signal is aborted. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError('stopped waiting'))
    const onAbort = () => {
      clearTimeout(timer)
      reject(new CancelledError('stopped waiting'))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
