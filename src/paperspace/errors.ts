/**
 * Every failure of a request becomes an ApiError built from an allowlist of facts: method, path,
 * status, the API's code and message, attempts. got's own errors carry the request options,
 * Authorization header included, so they never leave the client and are never kept as `cause`.
 */
import { HTTPError, ParseError, RequestError, TimeoutError } from 'got'
import { ActionError } from '../shared/errors.ts'
import { showControls } from '../shared/neutralise.ts'
import { shorten } from '../shared/quote.ts'
import { redactJson, type Redact } from '../shared/redact.ts'

/** Codes the API uses, by HTTP status, for error bodies that do not name one. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  499: 'CLIENT_CLOSED_REQUEST',
  500: 'INTERNAL_SERVER_ERROR'
}

export class ApiError extends ActionError {
  override name = 'ApiError'
  readonly method: string
  /** Path below the base URL, e.g. /datasets/dsx/versions/abc1234 (IDs are validated). */
  readonly path: string
  /** HTTP status, absent when no response arrived. */
  readonly status?: number
  /** The API's code (NOT_FOUND), or the transport's (ECONNREFUSED, ETIMEDOUT). */
  readonly code: string
  /** The API's message, or ours when there was none; one line, secrets removed. */
  readonly detail: string
  readonly attempts: number

  constructor(facts: ApiErrorFacts) {
    super(describe(facts))
    this.method = facts.method
    this.path = facts.path
    if (facts.status !== undefined) this.status = facts.status
    this.code = facts.code
    this.detail = facts.detail
    this.attempts = facts.attempts
  }
}

/** What an ApiError is made of: an allowlist, so nothing else of a request can leak into it. */
export type ApiErrorFacts = Pick<
  ApiError,
  'method' | 'path' | 'status' | 'code' | 'detail' | 'attempts'
>

function describe(f: ApiErrorFacts): string {
  const status = f.status === undefined ? '' : `${f.status} `
  const tries = f.attempts > 1 ? ` (after ${f.attempts} attempts)` : ''
  let hint = ''
  if (f.status === 401 || f.status === 403) {
    hint =
      '. Check that apiKey is a valid Paperspace API key and belongs to the team that owns the dataset'
  }
  return `${f.method} ${f.path} failed: ${status}${f.code}: ${f.detail}${tries}${hint}`
}

/**
 * Removes secrets, collapses whitespace, cuts to `max` characters and shows control characters as
 * escapes (an error line reaches the log and annotations, where ESC would colour it): one line.
 */
export function oneLine(text: string, redact: Redact, max = 300): string {
  return showControls(shorten(redact(text).replace(/\s+/g, ' ').trim(), max))
}

interface ErrorBody {
  code?: string
  message?: string
  extra?: string
}

/**
 * Reads an error body leniently: `{code, message, details?}` (current API), `{…, issues?}` (older
 * API), JSON of another shape, or not JSON at all. Every string in it is redacted as it is read,
 * before `details` is re-encoded or anything is cut.
 */
export function readErrorBody(body: unknown, redact: Redact): ErrorBody {
  // got hands bodies over as bytes (the client asks for them so).
  let value: unknown =
    body instanceof Uint8Array
      ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
      : body
  if (typeof value === 'string') {
    const text = value
    try {
      value = JSON.parse(text)
    } catch {
      return text.trim() === '' ? {} : { message: redact(text) }
    }
  }
  if (typeof value !== 'object' || value === null) return {}
  const fields = redactJson(value, redact) as Record<string, unknown>
  const extraValue = fields.details ?? fields.issues
  return {
    ...(typeof fields.code === 'string' && { code: fields.code }),
    ...(typeof fields.message === 'string' && { message: fields.message }),
    ...(extraValue !== undefined && { extra: JSON.stringify(extraValue) })
  }
}

/** Builds the ApiError for an HTTP error response. */
export function httpError(
  request: { method: string; path: string; attempts: number },
  status: number,
  body: unknown,
  retryAfter: string | undefined,
  redact: Redact
): ApiError {
  const parsed = readErrorBody(body, redact)
  let detail = parsed.message ?? 'the API gave no message'
  if (parsed.extra !== undefined) detail += ` (details: ${parsed.extra})`
  if (status === 429 && retryAfter !== undefined) detail += ` (Retry-After: ${redact(retryAfter)})`
  return new ApiError({
    ...request,
    status,
    // The code is API text like the message: one line, bounded, secrets removed.
    code:
      parsed.code === undefined
        ? (CODE_BY_STATUS[status] ?? `HTTP_${status}`)
        : oneLine(parsed.code, redact, 100),
    detail: oneLine(detail, redact, 500)
  })
}

/** Why a request that got past the transport still failed (see `requestFailure`). */
export type FailureReason =
  /** No answer within the grace period after a cancellation; the request may have taken effect. */
  | { readonly kind: 'abandoned'; readonly graceMs: number }
  /** The body was larger than the client reads. */
  | { readonly kind: 'too-large'; readonly limit: number; readonly oversized: string }
  /** A status outside 2xx that got did not treat as an error: a redirect, never followed. */
  | { readonly kind: 'redirect'; readonly status: number }
  | { readonly kind: 'not-json'; readonly status: number }
  /** JSON, but not of the documented shape; `problem` says where. */
  | { readonly kind: 'bad-shape'; readonly status: number; readonly problem: string }
  /** The call's time (`CallOptions.timeLeftMs` in http.ts) ran out before an answer came. */
  | { readonly kind: 'deadline'; readonly timeLeftMs: number }
  /** An attempt failed (`last`), and a retry would have started after the call's deadline. */
  | { readonly kind: 'no-retry-before-deadline'; readonly last: ApiError }

/** The ApiError for a failure the transport recognised itself. */
export function requestFailure(
  request: { readonly method: string; readonly path: string; readonly attempts: number },
  reason: FailureReason
): ApiError {
  switch (reason.kind) {
    case 'abandoned':
      return new ApiError({
        ...request,
        attempts: 1,
        code: 'ABANDONED',
        detail: `no answer within ${reason.graceMs / 1000} s of the cancellation, so the request was abandoned; it may have taken effect`
      })
    case 'too-large':
      return new ApiError({
        ...request,
        code: 'RESPONSE_TOO_LARGE',
        detail: `the response body is larger than the ${reason.limit / 1024 / 1024} MiB this action reads; ${reason.oversized}`
      })
    case 'redirect':
      return new ApiError({
        ...request,
        status: reason.status,
        code: 'UNEXPECTED_STATUS',
        detail: 'the API answered with a redirect, which is not followed; check baseUrl'
      })
    case 'not-json':
      return new ApiError({
        ...request,
        status: reason.status,
        code: 'INVALID_RESPONSE',
        detail: 'the response body is not valid JSON'
      })
    case 'bad-shape':
      return new ApiError({
        ...request,
        status: reason.status,
        code: 'INVALID_RESPONSE',
        detail: `the response does not have the documented shape: ${reason.problem}`
      })
    case 'deadline':
      return new ApiError({
        ...request,
        code: 'DEADLINE_PASSED',
        detail:
          request.attempts === 0
            ? 'not sent: no time was left before its deadline'
            : `no answer before its deadline, ${reason.timeLeftMs / 1000} s after it was made`
      })
    case 'no-retry-before-deadline': {
      // The last attempt's status and code stay: they say what failed, and whether it may pass.
      const { last } = reason
      return new ApiError({
        method: last.method,
        path: last.path,
        ...(last.status !== undefined && { status: last.status }),
        code: last.code,
        detail: `${last.detail}; not retried: its deadline would pass before a retry could start`,
        attempts: last.attempts
      })
    }
  }
}

/** The ApiError for anything a request threw: got's errors, or something unexpected. */
export function toApiError(
  error: unknown,
  method: string,
  path: string,
  timeoutMs: number,
  redact: Redact
): ApiError {
  if (error instanceof ApiError) return error
  if (!(error instanceof RequestError)) {
    return new ApiError({
      method,
      path,
      code: 'UNEXPECTED',
      detail: oneLine(String(error), redact),
      attempts: 1
    })
  }
  const attempts = (error.request?.retryCount ?? 0) + 1
  if (error instanceof HTTPError) {
    const retryAfter = error.response.headers['retry-after']
    return httpError(
      { method, path, attempts },
      error.response.statusCode,
      error.response.body,
      retryAfter,
      redact
    )
  }
  if (error instanceof ParseError) {
    return requestFailure(
      { method, path, attempts },
      { kind: 'not-json', status: error.response.statusCode }
    )
  }
  if (error instanceof TimeoutError) {
    return new ApiError({
      method,
      path,
      code: 'ETIMEDOUT',
      detail: `no response within ${timeoutMs / 1000} s`,
      attempts
    })
  }
  return new ApiError({
    method,
    path,
    code: error.code,
    detail: oneLine(error.message, redact),
    attempts
  })
}
