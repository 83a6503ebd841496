/**
 * One call's deadline: the time a caller gave it (`CallOptions`), when that runs out, and what
 * it did to the call. The transport (`http.ts`) makes one per call given a time, hands it to got
 * in the request's `context` (so the retry decision sees it from attempt to attempt) and asks it,
 * when the call fails, what to say.
 */
import { requestFailure, type ApiError } from './errors.ts'

/** What a caller may ask of one call beside its request. */
export interface CallOptions {
  /**
   * How long the call may take, from when it is made: its attempts and the pauses between them
   * together. No attempt outlives it (each gets at most what is left of it, and the request is
   * aborted when it runs out), no retry starts that would begin after it, and the call then
   * fails with an ApiError that says so.
   */
  readonly timeLeftMs?: number
}

export class Deadline {
  /** Milliseconds since the epoch. */
  readonly at: number
  private readonly timeLeftMs: number
  private passed = false
  private retryRefused = false
  private readonly timer: NodeJS.Timeout

  /** Starts the time; `expire` is called once, if it runs out before `end`. */
  constructor(timeLeftMs: number, expire: () => void) {
    this.timeLeftMs = timeLeftMs
    this.at = Date.now() + timeLeftMs
    // Unref'd: a run that is done does not wait for the deadline of a call that ended.
    this.timer = setTimeout(() => {
      this.passed = true
      expire()
    }, timeLeftMs).unref()
  }

  /** Whether a retry after `delayMs` would start past the deadline; such a retry is not made. */
  refusesRetry(delayMs: number): boolean {
    if (Date.now() + delayMs < this.at) return false
    this.retryRefused = true
    return true
  }

  /** The call is over, answered or not. */
  end(): void {
    clearTimeout(this.timer)
  }

  /** The call's error, saying what the deadline did: aborted its last attempt, or a retry. */
  explain(failure: ApiError): ApiError {
    const request = { method: failure.method, path: failure.path, attempts: failure.attempts }
    if (this.passed)
      return requestFailure(request, { kind: 'deadline', timeLeftMs: this.timeLeftMs })
    if (this.retryRefused) {
      return requestFailure(request, { kind: 'no-retry-before-deadline', last: failure })
    }
    return failure
  }
}
