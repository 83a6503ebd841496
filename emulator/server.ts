/**
 * The Paperspace API emulator: a loopback HTTP server that answers like
 * https://api.paperspace.com/v1 for datasets and dataset versions. It checks the Bearer key,
 * records every request, can add latency, and applies injected faults. Every answer it sends is
 * told to the watchers of answers.ts, marked when a fault or an option shaped it.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { reportAnswer, type Shaping } from './answers.ts'
import { realClock, type EmulatorClock } from './clock.ts'
import { FaultPlan, type EchoForm, type Fault, type RecordedRequest } from './faults.ts'
import { streamPadded } from './padded.ts'
import { freshCursor, withEndCursor, type EndCursor } from './paging.ts'
import type { Readings } from './readings.ts'
import { route } from './routes.ts'
import { EmulatorError, Store } from './store.ts'

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number
  /** Keys accepted as `Authorization: Bearer <key>`; a random one when none are given. */
  readonly apiKeys?: readonly string[]
  /**
   * Answer every request this long after it arrived, to model a distant API (benchmarks). The
   * request is carried out on arrival; only the answer waits.
   */
  readonly latencyMs?: number
  /**
   * Commit every version created through the API (POST .../versions) this long after its
   * creation, as a Paperspace job that writes and commits its output would.
   */
  readonly commitAfterMs?: number
  /** Load state from, and save it to, this JSON file. */
  readonly dataFile?: string
  /**
   * What a listing's last page says of `nextPage`: nothing (default, as the spec's schema has
   * it), or `null` or `""` (as its prose allows), for testing clients against each.
   */
  readonly endCursor?: EndCursor
  /** Readings of what the spec leaves open, other than the defaults (see readings.ts). */
  readonly readings?: Partial<Readings>
  /**
   * The time of latency, fault delays, delayed commits and `startedAt`/`endedAt`: the real clock
   * unless a test gives one it moves itself.
   */
  readonly clock?: EmulatorClock
}

export interface Emulator {
  /** Base URL to give the action, e.g. http://127.0.0.1:41234/v1. */
  readonly url: string
  /** A key the emulator accepts. */
  readonly apiKey: string
  readonly store: Store
  /** Every request received, in order. */
  readonly requests: RecordedRequest[]
  inject(fault: Fault): void
  clearFaults(): void
  /** Requests in flight at the busiest moment so far (to check concurrency limits). */
  readonly peakInFlight: number
  /**
   * The clock of `RecordedRequest.startedAt`/`endedAt`: ms since the epoch (the real clock's
   * are sub-ms precise).
   */
  now(): number
  /** Stops the server, dropping open connections, and cancels pending delayed commits. */
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024
const PREFIX = '/v1'

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const keys = new Set(options.apiKeys ?? [`emu_${randomBytes(12).toString('hex')}`])
  const clock = options.clock ?? realClock()
  const store = new Store(options.dataFile, clock)
  Object.assign(store.readings, options.readings)
  const faults = new FaultPlan()
  const requests: RecordedRequest[] = []
  const latencyMs = options.latencyMs ?? 0
  const until = (deadline: number) => clock.until(deadline)
  let inFlight = 0
  let peakInFlight = 0
  // Each request as recorded, for the answer to an internal error, which has only `req` at hand.
  const recorded = new WeakMap<IncomingMessage, RecordedRequest>()

  const server = createServer((req, res) => {
    const startedAt = clock.now()
    inFlight++
    peakInFlight = Math.max(peakInFlight, inFlight)
    res.on('close', () => inFlight--)
    handle(req, res, startedAt).catch(error => {
      if (res.headersSent) return
      const text = JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', message: String(error) })
      const request = recorded.get(req)
      if (request !== undefined) request.status = 500
      reportAnswer({ ...(request && { request }), status: 500, text })
      send(res, 500, text)
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse, startedAt: number) {
    const url = new URL(req.url ?? '/', 'http://emulator')
    const text = await readBody(req)
    const authorization = req.headers.authorization ?? ''
    const bearer = /^Bearer (.+)$/.exec(authorization)?.[1]
    const body = parseBody(text)
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.startsWith(PREFIX)
        ? url.pathname.slice(PREFIX.length) || '/'
        : url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: body.value,
      authorized: bearer !== undefined && keys.has(bearer),
      userAgent: req.headers['user-agent'],
      startedAt
    }
    requests.push(request)
    recorded.set(req, request)
    res.on('finish', () => (request.endedAt ??= clock.now()))
    res.on('close', () => (request.endedAt ??= clock.now()))

    const fault = faults.take(request)
    if (fault?.hang) return
    // One deadline per request, counted from its arrival: the time spent reading and handling it
    // is part of the latency, not added to it.
    const deadline = startedAt + latencyMs + (fault?.delayMs ?? 0)
    if (fault?.reset) {
      await until(deadline)
      return void req.socket.destroy()
    }
    // A delayed answer makes its change late too, as before: wait first, then carry it out.
    if (fault?.delayMs) await until(deadline)
    fault?.before?.(store)
    if (fault?.echoAuthorization) {
      const status = fault.status ?? 401
      return answer(
        status,
        {
          code: fault.code ?? (status === 401 ? 'UNAUTHORIZED' : 'INTERNAL_SERVER_ERROR'),
          message: `Invalid credentials: ${echo(fault.echoAuthorization, authorization, bearer)}`
        },
        'fault'
      )
    }
    if (fault?.rawBody !== undefined) {
      await until(deadline)
      request.status = fault.status ?? 200
      reportAnswer({ request, status: request.status, text: fault.rawBody, shapedBy: 'fault' })
      res.writeHead(request.status, { 'content-type': 'application/json', ...fault.headers })
      return void res.end(fault.rawBody)
    }
    if (fault?.endlessEmptyPages) {
      return answer(200, { hasMore: true, items: [], nextPage: freshCursor() }, 'fault')
    }
    if (fault?.status !== undefined) return injectedError(fault.status, fault)

    let status: number
    let payload: unknown
    try {
      if (!url.pathname.startsWith(`${PREFIX}/`)) {
        throw new EmulatorError(404, 'NOT_FOUND', `No route for ${request.method} ${url.pathname}`)
      }
      if (!request.authorized) {
        throw new EmulatorError(401, 'UNAUTHORIZED', 'Missing or invalid API key')
      }
      if (text.length > MAX_BODY_BYTES)
        throw new EmulatorError(413, 'PAYLOAD_TOO_LARGE', 'Request body is too large')
      if (!body.json) {
        throw new EmulatorError(400, 'BAD_REQUEST', 'Request body is not valid JSON')
      }
      ;({ status, body: payload } = route(store, { ...request, query: url.searchParams }))
      if (options.commitAfterMs !== undefined && request.method === 'POST') {
        const created = /^\/datasets\/([^/]+)\/versions$/.exec(request.path)
        const version = (payload as { version?: unknown }).version
        if (created !== null && typeof version === 'string') {
          void store.commitAfter(decodeURIComponent(created[1]!), version, options.commitAfterMs)
        }
      }
    } catch (error) {
      if (!(error instanceof EmulatorError)) throw error
      status = error.status
      payload = {
        code: error.code,
        message: error.message,
        ...(error.details !== undefined && { details: error.details })
      }
    }
    if (fault?.resetAfterApply) {
      await until(deadline)
      return void req.socket.destroy()
    }
    if (fault?.statusAfterApply !== undefined) return injectedError(fault.statusAfterApply, fault)
    if (fault?.streamBytes !== undefined) {
      await until(deadline)
      request.status = status
      reportAnswer({ request, status, shapedBy: 'fault' })
      return streamPadded(
        res,
        status,
        payload,
        fault.streamBytes,
        fault.streamDeclaresLength ?? false
      )
    }
    if (fault?.truncateAt !== undefined) {
      const bytes = Buffer.from(JSON.stringify(payload))
      await until(deadline)
      request.status = status
      reportAnswer({ request, status, shapedBy: 'fault' })
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': bytes.length
      })
      // Dropped once the part is written, so the client has it and then waits for the rest.
      return void res.write(bytes.subarray(0, fault.truncateAt), () => req.socket.destroy())
    }
    if (fault?.mapBody) {
      return answer(status, fault.mapBody(structuredClone(payload), status), 'fault')
    }
    const ended = withEndCursor(payload, options.endCursor ?? 'absent')
    return answer(status, ended, ended === payload ? undefined : 'endCursor')

    function injectedError(code: number, fault: Fault): Promise<void> {
      return answer(
        code,
        {
          code: fault.code ?? 'INTERNAL_SERVER_ERROR',
          message: fault.message ?? 'Injected failure',
          ...(fault.details !== undefined && { details: fault.details })
        },
        'fault',
        {
          ...fault.headers,
          ...(fault.retryAfter !== undefined && { 'retry-after': fault.retryAfter })
        }
      )
    }

    async function answer(
      code: number,
      json: unknown,
      shapedBy?: Shaping,
      headers: Record<string, string> = {}
    ) {
      // Serialised before the wait, so that a page of 120 versions costs no time beyond the
      // latency: the answer leaves at the deadline, not a millisecond or two after it.
      const text = JSON.stringify(json)
      await until(deadline)
      request.status = code
      reportAnswer({ request, status: code, text, ...(shapedBy && { shapedBy }) })
      send(res, code, text, headers)
    }
  }

  // A busy port fails the start instead of crashing the process with an unhandled 'error'.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${PREFIX}`,
    apiKey: [...keys][0]!,
    store,
    requests,
    inject: fault => faults.add(fault),
    clearFaults: () => faults.clear(),
    get peakInFlight() {
      return peakInFlight
    },
    now: () => clock.now(),
    close: () =>
      new Promise<void>(resolve => {
        store.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** The credentials as a leaky server would repeat them, in each form asked for. */
function echo(
  forms: true | EchoForm | readonly EchoForm[],
  authorization: string,
  bearer: string | undefined
): string {
  const key = bearer ?? authorization
  const encode: Record<EchoForm, () => string> = {
    header: () => authorization,
    json: () => JSON.stringify(key).slice(1, -1),
    url: () => encodeURIComponent(key),
    base64: () => Buffer.from(key, 'utf8').toString('base64')
  }
  const list: readonly EchoForm[] =
    forms === true ? ['header'] : typeof forms === 'string' ? [forms] : forms
  return list.map(form => encode[form]()).join(' ')
}

/** Sends `text`, a serialised JSON body. */
function send(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      // Keep one byte past the limit so the handler can tell it was exceeded.
      if (size <= MAX_BODY_BYTES + 1) chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** The JSON body, or the raw text (json: false) when it does not parse. */
function parseBody(text: string): { json: boolean; value: unknown } {
  if (text === '') return { json: true, value: undefined }
  try {
    return { json: true, value: JSON.parse(text) }
  } catch {
    return { json: false, value: text }
  }
}
