/**
 * When a failed request is tried again, and after how long. The one place the retry policy lives.
 *
 * - GET, PUT and DELETE are idempotent here (PUT sets fields, DELETE of a gone version is a 404
 *   the client understands), so they are retried on timeouts, dropped connections, 408, 429 and
 *   5xx gateway-style statuses. An answer whose body stops short of its Content-Length, or whose
 *   connection drops mid-body, is a dropped connection whatever its status line said: only an
 *   error status is a `status` here.
 * - POST creates a version; replaying it after the server may have acted would leave a duplicate.
 *   It is retried only when the request provably never reached a server (connection refused,
 *   host not found).
 * - A server's Retry-After is obeyed up to `maxRetryAfterMs`; asking for longer fails at once
 *   with the wait in the message rather than sleeping through the job's time.
 * - Otherwise the wait is exponential with "equal jitter": half fixed, half random, so parallel
 *   deletions that failed together do not retry together.
 */

export interface RetryPolicy {
  readonly limit: number
  readonly baseMs: number
  readonly capMs: number
  readonly maxRetryAfterMs: number
}

export const RETRY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504]
export const RETRY_ERROR_CODES: readonly string[] = [
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  // got's code for a body shorter than its Content-Length: the connection dropped mid-body.
  'ERR_HTTP_CONTENT_LENGTH_MISMATCH'
]
/** Transport errors raised before a request could have reached any server. */
export const NEVER_SENT_CODES: readonly string[] = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']

export interface FailedAttempt {
  /** 1 for the decision after the first attempt. */
  readonly retryNumber: number
  readonly method: string
  /** The status of an error answer (4xx, 5xx); absent when the attempt failed in another way. */
  readonly status?: number
  /** The transport's code (ECONNRESET, ETIMEDOUT, ...) when there is no error status. */
  readonly code?: string
  /** Parsed Retry-After in milliseconds, when the response carried a valid one. */
  readonly retryAfterMs?: number
}

/** Milliseconds to wait before trying again; 0 means do not retry. */
export function retryDelay(
  attempt: FailedAttempt,
  policy: RetryPolicy,
  random: () => number = Math.random
): number {
  if (attempt.retryNumber > policy.limit) return 0
  const retryable =
    attempt.status !== undefined
      ? RETRY_STATUSES.includes(attempt.status)
      : RETRY_ERROR_CODES.includes(attempt.code ?? '')
  if (!retryable) return 0
  if (attempt.method === 'POST') {
    const neverSent = attempt.status === undefined && NEVER_SENT_CODES.includes(attempt.code ?? '')
    if (!neverSent) return 0
  }
  if (attempt.retryAfterMs !== undefined) {
    return attempt.retryAfterMs > policy.maxRetryAfterMs ? 0 : Math.max(1, attempt.retryAfterMs)
  }
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt.retryNumber - 1))
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2))
}
