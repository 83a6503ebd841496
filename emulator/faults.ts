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
  /** Its User-Agent header: tells the action's requests from those a test sends itself. */
  readonly userAgent?: string | undefined
  /** The status answered; undefined if the connection was dropped or left hanging. */
  status?: number
  /**
   * When the request arrived (its headers were read) and when its answer was fully sent or its
   * connection closed; undefined while it is still open. Milliseconds since the epoch, from the
   * emulator's clock (`Emulator.now()`; the real one is sub-millisecond precise).
   */
  readonly startedAt: number
  endedAt?: number
}

/** How a leaky server repeats the key: the whole header as sent, or the key encoded. */
export type EchoForm = 'header' | 'json' | 'url' | 'base64'

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
  /**
   * Answer an error (`status`, default 401) whose message repeats the credentials (a leaky
   * server): `true` or 'header' repeats the Authorization header as sent; 'json' the key
   * JSON-escaped (as it would appear inside a JSON string), 'url' URL-encoded, 'base64'
   * base64-encoded; a list repeats each form given.
   */
  readonly echoAuthorization?: boolean | EchoForm | readonly EchoForm[]
  /** Drop the connection without answering. */
  readonly reset?: boolean
  /** Carry the request out, then drop the connection: the change happened, the answer is lost. */
  readonly resetAfterApply?: boolean
  /**
   * Carry the request out, then answer this error status anyway (with `code`, `message`,
   * `details`, `retryAfter`, `headers` as for `status`): the change happened, the client sees
   * a failure.
   */
  readonly statusAfterApply?: number
  /**
   * Carry the request out and answer its status, with the body passed through this first (it
   * gets a copy, so editing it in place does not touch the store): e.g. a PUT that answers
   * 200 with `isCommitted: false`.
   */
  readonly mapBody?: (body: unknown, status: number) => unknown
  /**
   * Carry the request out and answer its status with a valid JSON object of exactly this many
   * bytes (the real answer's fields plus a `padding` string), streamed in chunks that wait for
   * the client to read them, so the emulator never holds it in memory.
   */
  readonly streamBytes?: number
  /** With `streamBytes`: send Content-Length up front (default: chunked, length unknown). */
  readonly streamDeclaresLength?: boolean
  /**
   * Carry the request out and answer its status with the Content-Length of the whole answer, but
   * send only this many bytes of the body, then drop the connection: an answer cut short.
   */
  readonly truncateAt?: number
  /**
   * Answer a listing page that is empty yet promises more: `{hasMore: true, items: [],
   * nextPage: <a new cursor each time>}`. With `times: Infinity` the listing never ends.
   */
  readonly endlessEmptyPages?: boolean
  /** Never answer. */
  readonly hang?: boolean
  /** Answer normally after this long (on top of the emulator's latency), the change made then. */
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
