/**
 * The transport: one got instance that carries the key, the per-attempt timeout and the retries
 * (`retry.ts` decides which), refuses response bodies over a size cap, holds a call to its
 * deadline (`deadline.ts`) and honours cancellation with a grace period. Every failure leaves
 * here as an ApiError (`errors.ts`); got's own errors, which carry the request's headers,
 * Authorization included, never do.
 */
import got, { HTTPError, RequestError, type Response } from 'got'
import { throwIfCancelled } from '../shared/cancel.ts'
import { silentLog, type Log } from '../shared/log.ts'
import { redactJson, redactor, type Redact } from '../shared/redact.ts'
import { Deadline, type CallOptions } from './deadline.ts'
import { requestFailure, toApiError } from './errors.ts'
import { ResponseShapeError } from './parse.ts'
import { retryDelay, type RetryPolicy } from './retry.ts'

/** Where the API is and how to talk to it: what the inputs decide about every request. */
export interface Connection {
  /** Absolute API base without a trailing slash, e.g. https://api.paperspace.com/v1. */
  readonly baseUrl: string
  readonly apiKey: string
  /** Per attempt. */
  readonly timeoutMs: number
  /** Retries after the first attempt; see retry.ts for which requests qualify. */
  readonly retries: number
}

export interface TransportOptions extends Connection {
  /** First backoff step (default 1 s); tests shorten it. */
  readonly retryBaseMs?: number
  readonly log?: Log
  /** Removes the key from text; the caller's, so one redactor serves the whole run. */
  readonly redact?: Redact
  /**
   * Aborted when the run is cancelled: from then on no request is sent or retried, and requests
   * already in flight are given `cancelGraceMs` to finish before they are abandoned.
   */
  readonly cancel?: AbortSignal
  readonly cancelGraceMs?: number
  /**
   * Times the grace period: calls `end` once `ms` have passed. By default a real timer that does
   * not keep the process alive; a test gives its own, to end the grace period when it chooses.
   */
  readonly graceTimer?: (ms: number, end: () => void) => void
}

/** How long requests in flight may still take after a cancellation (the runner kills at 7.5 s). */
export const CANCEL_GRACE_MS = 5000

/**
 * The largest response body read, in bytes. A full page of 120 versions is far below it; got
 * holds a whole JSON body in memory, so a larger one is refused (by its Content-Length when it
 * declares one, else as soon as more arrived) rather than read.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024

/** Sent with every request, so the API's operators (and the tests) can tell the action's own. */
export const USER_AGENT =
  'paperspace-dataset-versions (+https://github.com/paperspace-dataset-versions/paperspace-dataset-versions)'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** One request: its query or its JSON body. */
export interface RequestParts {
  readonly searchParams?: URLSearchParams
  readonly json?: Record<string, unknown>
}

/** Sends one request (retried as the policy allows) and hands the parsed JSON body to `parse`. */
export type Send = <T>(
  method: Method,
  path: string,
  parse: (body: unknown) => T,
  parts?: RequestParts,
  call?: CallOptions
) => Promise<T>

export function createTransport(options: TransportOptions): Send {
  const log = options.log ?? silentLog
  const redact = options.redact ?? redactor([options.apiKey])
  const policy: RetryPolicy = {
    limit: options.retries,
    baseMs: options.retryBaseMs ?? 1000,
    capMs: 20_000,
    maxRetryAfterMs: 60_000
  }
  const cancel = options.cancel
  const graceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS
  const graceTimer = options.graceTimer ?? ((ms, end) => void setTimeout(end, ms).unref())
  // Each request in flight has a controller of its own: aborted alone when its body is too
  // large, and all together once the grace period after a cancellation is over (unref'd, so a run
  // that finished in time exits without waiting for it).
  const inFlight = new Set<AbortController>()
  // Requests waiting out a backoff, with the error of their last attempt: a cancellation ends
  // them at once (no request of theirs is on the wire), failing with that error.
  const backingOff = new Map<AbortController, RequestError>()
  const stoppedInBackoff = new Map<AbortController, RequestError>()
  let abandoned = false
  cancel?.addEventListener(
    'abort',
    () => {
      for (const [controller, last] of backingOff) {
        stoppedInBackoff.set(controller, last)
        controller.abort()
      }
      graceTimer(graceMs, () => {
        abandoned = true
        for (const controller of inFlight) controller.abort()
      })
    },
    { once: true }
  )

  const http = got.extend({
    prefixUrl: `${options.baseUrl}/`,
    headers: {
      authorization: `Bearer ${options.apiKey}`,
      accept: 'application/json',
      'user-agent': USER_AGENT
    },
    // Bytes, parsed here, once: with 'json' got decodes every body twice.
    responseType: 'buffer',
    timeout: { request: options.timeoutMs },
    // A JSON API has no business redirecting; a redirect is reported, never followed with the key.
    followRedirect: false,
    retry: {
      limit: policy.limit,
      // retry.ts decides everything, including the POST rule got's own checks cannot express.
      enforceRetryRules: false,
      // A retry after a cancellation would be a request that starts after it. The limit is the
      // request's own (got leaves it to this function once enforceRetryRules is off).
      calculateDelay: ({ attemptCount, error, retryAfter }) => {
        if (cancel?.aborted || attemptCount > (error.options.retry.limit ?? 0)) return 0
        const path = String(error.options.context.path)
        const delay = retryDelay(
          {
            retryNumber: attemptCount,
            method: error.options.method,
            ...attemptFailure(error),
            ...(retryAfter !== undefined && { retryAfterMs: retryAfter })
          },
          policy
        )
        const deadline = error.options.context.deadline as Deadline | undefined
        if (delay > 0 && deadline?.refusesRetry(delay)) {
          log.debug(`${error.options.method} ${path}: no retry, it would start past the deadline`)
          return 0
        }
        // Said before the wait, which can be long (a server's Retry-After, the backoff's cap).
        if (delay > 0) {
          backingOff.set(error.options.context.controller as AbortController, error)
          log.debug(`${error.options.method} ${path}: retry ${attemptCount} in ${delay} ms`)
        }
        return delay
      }
    },
    hooks: {
      beforeRetry: [
        (error, retryCount) => {
          backingOff.delete(error.options.context.controller as AbortController)
          // A backoff that began before a cancellation ends without its retry: the request fails
          // with its last attempt's error, as when no retries are left, and says what it was.
          if (cancel?.aborted) throw error
          const path = String(error.options.context.path)
          const failed = attemptFailure(error)
          const reason = 'status' in failed ? failed.status : failed.code
          log.info(
            `${error.options.method} ${path} failed (${reason}); retry ${retryCount} of ${policy.limit}`
          )
        }
      ]
    }
  })

  return async function send<T>(
    method: Method,
    path: string,
    parse: (body: unknown) => T,
    parts: RequestParts = {},
    call: CallOptions = {}
  ): Promise<T> {
    throwIfCancelled(cancel, `${method} ${path} was not sent`)
    const started = Date.now()
    const { timeLeftMs } = call
    if (timeLeftMs !== undefined && timeLeftMs <= 0) {
      throw requestFailure({ method, path, attempts: 0 }, { kind: 'deadline', timeLeftMs })
    }
    const abort = new AbortController()
    inFlight.add(abort)
    // The deadline ends an attempt still running when it comes, whatever its own timeout.
    const deadline =
      timeLeftMs === undefined ? undefined : new Deadline(timeLeftMs, () => abort.abort())
    let oversized: string | undefined
    let response: Response<Uint8Array>
    try {
      const request = http<Uint8Array>(path.slice(1), {
        method,
        ...parts,
        context: { path, deadline, controller: abort },
        // Any of these ends the request: a body too large, the call's deadline, or no answer
        // long after a cancel.
        signal: abort.signal
      })
      // `on` returns the same request, awaited below.
      void request.on('downloadProgress', ({ transferred, total }) => {
        if (oversized !== undefined) return
        if (total !== undefined && total > MAX_RESPONSE_BYTES) {
          oversized = `it declares ${total} bytes`
        } else if (transferred > MAX_RESPONSE_BYTES) {
          oversized = 'more than that arrived'
        } else return
        abort.abort()
      })
      response = await request
    } catch (thrown) {
      // got wraps what a hook throws; the beforeRetry hook throws the last attempt's own error.
      const error =
        stoppedInBackoff.get(abort) ??
        (thrown instanceof RequestError && thrown.cause instanceof RequestError
          ? thrown.cause
          : thrown)
      const attempts = error instanceof RequestError ? (error.request?.retryCount ?? 0) + 1 : 1
      const request = { method, path, attempts }
      const failed = abandoned
        ? requestFailure(request, { kind: 'abandoned', graceMs })
        : oversized !== undefined
          ? requestFailure(request, { kind: 'too-large', limit: MAX_RESPONSE_BYTES, oversized })
          : toApiError(error, method, path, options.timeoutMs, redact)
      const failure = deadline?.explain(failed) ?? failed
      log.debug(`${failure.message} [${Date.now() - started} ms]`)
      throw failure
    } finally {
      inFlight.delete(abort)
      backingOff.delete(abort)
      stoppedInBackoff.delete(abort)
      deadline?.end()
    }
    const attempts = response.retryCount + 1
    const request = { method, path, attempts }
    log.debug(
      `${method} ${path} -> ${response.statusCode} in ${Date.now() - started} ms` +
        (attempts > 1 ? ` (${attempts} attempts)` : '')
    )
    const status = response.statusCode
    if (status < 200 || status > 299) throw requestFailure(request, { kind: 'redirect', status })
    let body: unknown
    try {
      // Secrets go before anything reads the answer (see redactJson).
      body = redactJson(jsonBody(response.body), redact)
    } catch {
      throw requestFailure(request, { kind: 'not-json', status })
    }
    try {
      return parse(body)
    } catch (error) {
      if (!(error instanceof ResponseShapeError)) throw error
      throw requestFailure(request, { kind: 'bad-shape', status, problem: error.message })
    }
  }
}

/**
 * How an attempt failed, as the retry policy reads it: the status of an error answer, or else the
 * transport's code. An answer whose body was cut short has a 2xx status line, but it failed as a
 * dropped connection does, so only an HTTPError's status counts.
 */
function attemptFailure(error: RequestError): { status: number } | { code: string } {
  return error instanceof HTTPError ? { status: error.response.statusCode } : { code: error.code }
}

/** A response body read as JSON (UTF-8, a leading byte order mark ignored); empty reads as ''. */
export function jsonBody(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return ''
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
}
