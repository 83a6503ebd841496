/** A cancelled workflow, as an AbortSignal: the runner sends the step SIGINT, then SIGTERM. */

const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * Runs `fn` with a signal that aborts when the runner cancels the workflow; the handlers go again
 * when `fn` ends. The operation then starts nothing new, and the outputs and summary still say
 * what was done.
 */
export async function withCancellation<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const cancel = new AbortController()
  const onSignal = () => cancel.abort()
  for (const name of CANCEL_SIGNALS) process.on(name, onSignal)
  try {
    return await fn(cancel.signal)
  } finally {
    for (const name of CANCEL_SIGNALS) process.off(name, onSignal)
  }
}
