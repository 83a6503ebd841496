/**
 * Fault injection: scripted misbehaviour for chosen requests, so that tests can show what the
 * action does when the API errors, throttles, drops connections, hangs or changes underneath it.
 */
import type { Store } from './store.ts'

/** One request as the emulator saw it. */
export interface RecordedRequest {
  readonly method: string
  /** Path below /v1, e.g. /datasets/dsx/versions/abc1234. */
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** Parsed JSON body, the raw text when it was not JSON, undefined when empty. */
  readonly body: unknown
  /** Whether it carried a valid Bearer key. */
  readonly authorized: boolean
  /** The status answered; undefined if the connection was dropped or left hanging. */
  status?: number
}

export interface Fault {
  /** Which requests: method, path (exact or pattern, below /v1) and any further condition. */
  readonly method?: string
  readonly path?: string | RegExp
  readonly when?: (request: RecordedRequest) => boolean
  /** Let this many matching requests through untouched first (default 0). */
  readonly skip?: number
  /** How many matching requests to affect (default 1; Infinity for all). */
  readonly times?: number

  /** Answer with this error status (and optional code, message, details, Retry-After). */
  readonly status?: number
  readonly code?: string
  readonly message?: string
  readonly details?: unknown
  readonly retryAfter?: string
  /** Extra response headers for `status` or `rawBody` answers (e.g. a redirect's location). */
  readonly headers?: Readonly<Record<string, string>>
  /** Answer with this raw body instead (with `status`, default 200). */
  readonly rawBody?: string
  /** Answer a 401 whose message repeats the Authorization header (a leaky server). */
  readonly echoAuthorization?: boolean
  /** Drop the connection without answering. */
  readonly reset?: boolean
  /** Carry the request out, then drop the connection: the change happened, the answer is lost. */
  readonly resetAfterApply?: boolean
  /** Never answer. */
  readonly hang?: boolean
  /** Answer normally after this long. */
  readonly delayMs?: number
  /** Change the world first (another job acting meanwhile), then answer normally. */
  readonly before?: (store: Store) => void
}

/** The faults still armed, matched in the order they were injected. */
export class FaultPlan {
  private readonly armed: { fault: Fault; seen: number; used: number }[] = []

  add(fault: Fault): void {
    this.armed.push({ fault, seen: 0, used: 0 })
  }

  clear(): void {
    this.armed.length = 0
  }

  /** The fault to apply to this request, if any; counts it as used. */
  take(request: RecordedRequest): Fault | undefined {
    for (const entry of this.armed) {
      const { fault } = entry
      if (fault.method !== undefined && fault.method !== request.method) continue
      if (typeof fault.path === 'string' && fault.path !== request.path) continue
      if (fault.path instanceof RegExp && !fault.path.test(request.path)) continue
      if (fault.when !== undefined && !fault.when(request)) continue
      if (entry.used >= (fault.times ?? 1)) continue
      entry.seen++
      if (entry.seen <= (fault.skip ?? 0)) continue
      entry.used++
      return fault
    }
    return undefined
  }
}
