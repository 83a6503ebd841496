/**
 * Every answer any emulator in this process sends, told to whoever watches. The watchers are
 * module-wide rather than an emulator option so that the test suite's spec check
 * (`__tests__/setup/conformance.ts`) sees every emulator a test starts, without a test having to
 * opt in.
 */
import type { RecordedRequest } from './faults.ts'

/** Why an answer is not the emulator's own reading of the spec. */
export type Shaping =
  /** A fault chose the status or the body: it may send anything. */
  | 'fault'
  /** The `endCursor` option gave a last page `nextPage: null` or `""`. */
  | 'endCursor'

export interface Answer {
  /** The request answered; undefined when the emulator failed before it had recorded it. */
  readonly request?: RecordedRequest
  readonly status: number
  /** The body exactly as sent; undefined when a fault streamed it or cut it short. */
  readonly text?: string
  readonly shapedBy?: Shaping
}

export type AnswerWatcher = (answer: Answer) => void

const watchers = new Set<AnswerWatcher>()

/** Calls `watcher` with each answer as it is sent, until the returned function is called. */
export function watchAnswers(watcher: AnswerWatcher): () => void {
  watchers.add(watcher)
  return () => watchers.delete(watcher)
}

/** Tells the watchers of an answer about to be sent. */
export function reportAnswer(answer: Answer): void {
  for (const watcher of watchers) watcher(answer)
}
