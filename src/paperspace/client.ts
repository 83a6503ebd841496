/**
 * The Paperspace API client: one got instance, typed dataset-version calls, and every failure
 * turned into an ApiError at this boundary. It never reads inputs; it is given what it needs.
 */
import type { ClientRequest } from 'node:http'
import got, { RequestError, type Response } from 'got'
import { throwIfCancelled } from '../shared/cancel.ts'
import { isPlainId, quote } from '../shared/ids.ts'
import { silentLog, type Log } from '../shared/log.ts'
import { redactor, type Redact } from '../shared/redact.ts'
import { ApiError, toApiError } from './errors.ts'
import { parseDatasetPage, parsePage, parseVersion, ResponseShapeError } from './parse.ts'
import { retryDelay, type RetryPolicy } from './retry.ts'
import { rehearse } from './rehearsal.ts'
import { warmWhileWaiting } from './warm.ts'
import type { Dataset, DatasetVersion, ListQuery, Page, VersionFields } from './types.ts'

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

export interface ClientOptions extends Connection {
  /** First backoff step (default 1 s); tests shorten it. */
  readonly retryBaseMs?: number
  readonly log?: Log
  /** Removes the key from text; the caller's, so one redactor serves the whole run. */
  readonly redact?: Redact
  /**
   * Aborted when the run is cancelled: from then on no request is sent or retried, and requests
   * already in flight are given `cancelGraceMs` to finish before they are aborted.
   */
  readonly cancel?: AbortSignal
  readonly cancelGraceMs?: number
  /**
   * Rehearse one request in memory while the first real one is in flight (see rehearsal.ts):
   * for runs whose second request waits on the first one's answer.
   */
  readonly rehearse?: boolean
}

/** How long requests in flight may still take after a cancellation (the runner kills at 7.5 s). */
export const CANCEL_GRACE_MS = 5000

/** What a DELETE of one version came to. */
export interface Deletion {
  readonly version: string
  /** True when a retried DELETE found the version gone: our earlier attempt removed it. */
  readonly alreadyGone: boolean
}

export interface PaperspaceClient {
  /** One page of the private datasets the key can see, oldest first. */
  listDatasets(query: { limit: number; after?: string }): Promise<Page<Dataset>>
  listVersions(datasetId: string, query: ListQuery): Promise<Page<DatasetVersion>>
  getVersion(datasetId: string, version: string): Promise<DatasetVersion>
  createVersion(datasetId: string, fields: VersionFields): Promise<DatasetVersion>
  updateVersion(datasetId: string, version: string, fields: VersionFields): Promise<DatasetVersion>
  deleteVersion(datasetId: string, version: string): Promise<Deletion>
}

/** The most a list request may ask for; the API rejects more. */
export const MAX_PAGE_SIZE = 120

/**
 * The largest response body read, in bytes. A full page of 120 versions is far below it; got
 * holds a whole JSON body in memory, so a larger one is refused (by its Content-Length when it
 * declares one, else as soon as more arrived) rather than read.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024

/** How the action names itself to the API (the test suite tells its requests apart by it). */
export const USER_AGENT =
  'paperspace-dataset-versions (+https://github.com/paperspace-dataset-versions/paperspace-dataset-versions)'

export function createClient(options: ClientOptions): PaperspaceClient {
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
  // Each request in flight has a controller of its own: aborted alone when its body is too
  // large, and all together once the grace period after a cancellation is over (unref'd, so a run
  // that finished in time exits without waiting for it). One signal per request rather than
  // AbortSignal.any() of two: the combined signal cost 0.05-0.09 ms of CPU a request.
  const inFlight = new Set<AbortController>()
  let abandoned = false
  cancel?.addEventListener(
    'abort',
    () =>
      setTimeout(() => {
        abandoned = true
        for (const controller of inFlight) controller.abort()
      }, graceMs).unref(),
    { once: true }
  )

  const http = got.extend({
    prefixUrl: `${options.baseUrl}/`,
    headers: {
      authorization: `Bearer ${options.apiKey}`,
      accept: 'application/json',
      'user-agent': USER_AGENT
    },
    // Bytes, parsed here: with 'json' got decodes every body twice (chunk by chunk as it arrives,
    // and again whole), which made a page of 120 versions cost about a third more CPU.
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
      calculateDelay: ({ attemptCount, error, retryAfter }) =>
        cancel?.aborted || attemptCount > (error.options.retry.limit ?? 0)
          ? 0
          : retryDelay(
              {
                retryNumber: attemptCount,
                method: error.options.method,
                ...(error.response !== undefined && { status: error.response.statusCode }),
                ...(error.response === undefined && { code: error.code }),
                ...(retryAfter !== undefined && { retryAfterMs: retryAfter })
              },
              policy
            )
    },
    hooks: {
      beforeRetry: [
        (error, retryCount) => {
          // A backoff that began before a cancellation ends without its retry: the request fails
          // with its last attempt's error, as when no retries are left, and says what it was.
          if (cancel?.aborted) throw error
          const path = String(error.options.context.path)
          const reason = error.response?.statusCode ?? error.code
          log.info(
            `${error.options.method} ${path} failed (${reason}); retry ${retryCount} of ${policy.limit}`
          )
        }
      ]
    }
  })

  let rehearsed = !options.rehearse

  async function call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    parse: (body: unknown) => T,
    extra: { searchParams?: URLSearchParams; json?: Record<string, unknown> } = {}
  ): Promise<T> {
    throwIfCancelled(cancel, `${method} ${path} was not sent`)
    const started = Date.now()
    const abort = new AbortController()
    inFlight.add(abort)
    let oversized: string | undefined
    let response: Response<Uint8Array>
    try {
      const request = http<Uint8Array>(path.slice(1), {
        method,
        ...extra,
        context: { path },
        // Either reason ends the request: a body too large, or no answer long after a cancel.
        signal: abort.signal
      })
      warmWhileWaiting()
      if (!rehearsed) {
        rehearsed = true
        // Once the first request is on its way, never before: it must not wait for the rehearsal.
        void request.once('request', (sent: ClientRequest) =>
          sent.once('finish', () =>
            setImmediate(() => void rehearse(http, bytes => parseVersion(jsonBody(bytes))))
          )
        )
      }
      // `on` returns the same request, awaited below.
      void request.on('downloadProgress', ({ transferred, total }) => {
        if (oversized !== undefined) return
        if (total !== undefined && total > MAX_RESPONSE_BYTES) {
          oversized = `it declares ${total} bytes`
        } else if (transferred > MAX_RESPONSE_BYTES) {
          oversized = `more than that arrived`
        } else return
        abort.abort()
      })
      response = await request
    } catch (thrown) {
      // got wraps what a hook throws; the beforeRetry hook throws the last attempt's own error.
      const error =
        thrown instanceof RequestError && thrown.cause instanceof RequestError
          ? thrown.cause
          : thrown
      if (abandoned) {
        throw new ApiError({
          method,
          path,
          code: 'ABANDONED',
          detail: `no answer within ${graceMs / 1000} s of the cancellation, so the request was abandoned; it may have taken effect`,
          attempts: 1
        })
      }
      const failure =
        oversized === undefined
          ? toApiError(error, method, path, options.timeoutMs, redact)
          : new ApiError({
              method,
              path,
              code: 'RESPONSE_TOO_LARGE',
              detail: `the response body is larger than the ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB this action reads; ${oversized}`,
              attempts: error instanceof RequestError ? (error.request?.retryCount ?? 0) + 1 : 1
            })
      log.debug(`${failure.message} [${Date.now() - started} ms]`)
      throw failure
    } finally {
      inFlight.delete(abort)
    }
    const attempts = response.retryCount + 1
    const ms = Date.now() - started
    log.debug(
      `${method} ${path} -> ${response.statusCode} in ${ms} ms${attempts > 1 ? ` (${attempts} attempts)` : ''}`
    )
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new ApiError({
        method,
        path,
        status: response.statusCode,
        code: 'UNEXPECTED_STATUS',
        detail: 'the API answered with a redirect, which is not followed; check baseUrl',
        attempts
      })
    }
    let body: unknown
    try {
      body = jsonBody(response.body)
    } catch {
      throw new ApiError({
        method,
        path,
        status: response.statusCode,
        code: 'INVALID_RESPONSE',
        detail: 'the response body is not valid JSON',
        attempts
      })
    }
    try {
      return parse(body)
    } catch (error) {
      if (!(error instanceof ResponseShapeError)) throw error
      throw new ApiError({
        method,
        path,
        status: response.statusCode,
        code: 'INVALID_RESPONSE',
        detail: `the response does not have the documented shape: ${error.message}`,
        attempts
      })
    }
  }

  return {
    listDatasets(query) {
      const searchParams = new URLSearchParams({
        limit: String(query.limit),
        orderBy: 'dtCreated',
        order: 'asc',
        privacy: 'PRIVATE'
      })
      if (query.after !== undefined) searchParams.set('after', query.after)
      return call('GET', '/datasets', parseDatasetPage, { searchParams })
    },

    listVersions(datasetId, query) {
      const searchParams = new URLSearchParams({
        limit: String(query.limit),
        orderBy: 'dtCreated',
        order: query.order ?? 'desc'
      })
      if (query.after !== undefined) searchParams.set('after', query.after)
      if (query.tags !== undefined && query.tags.length > 0)
        searchParams.set('tags', query.tags.join(','))
      return call('GET', versionsPath(datasetId), parsePage, { searchParams })
    },

    getVersion(datasetId, version) {
      return call('GET', versionPath(datasetId, version), parseVersion)
    },

    createVersion(datasetId, fields) {
      return call('POST', versionsPath(datasetId), parseVersion, { json: wireBody(fields) })
    },

    updateVersion(datasetId, version, fields) {
      return call('PUT', versionPath(datasetId, version), parseVersion, { json: wireBody(fields) })
    },

    async deleteVersion(datasetId, version) {
      try {
        await call('DELETE', versionPath(datasetId, version), () => undefined)
        return { version, alreadyGone: false }
      } catch (error) {
        // A 404 on a retry means an earlier attempt deleted it and only its answer was lost.
        if (error instanceof ApiError && error.status === 404 && error.attempts > 1) {
          return { version, alreadyGone: true }
        }
        throw error
      }
    }
  }
}

/** A response body read as JSON (UTF-8, a leading byte order mark ignored); empty reads as ''. */
export function jsonBody(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return ''
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
}

/**
 * The JSON body of a create or update. Every given field is sent, falsy or not: `isCommitted:
 * false` and `message: ""` are real values. Tags go over the wire as one comma-delimited string.
 */
export function wireBody(fields: VersionFields): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (fields.message !== undefined) body.message = fields.message
  if (fields.tags !== undefined) body.tags = fields.tags.join(',')
  if (fields.metadata !== undefined) body.metadata = fields.metadata
  if (fields.isCommitted !== undefined) body.isCommitted = fields.isCommitted
  return body
}

function segment(id: string): string {
  // Inputs are validated long before this; IDs read back from the API are checked here too.
  if (!isPlainId(id))
    throw new Error(`refusing to put ${quote(id)} in a request path: not a plain ID`)
  return encodeURIComponent(id)
}

export function versionsPath(datasetId: string): string {
  return `/datasets/${segment(datasetId)}/versions`
}

export function versionPath(datasetId: string, version: string): string {
  return `${versionsPath(datasetId)}/${segment(version)}`
}
