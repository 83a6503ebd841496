/**
 * The Paperspace API emulator: a loopback HTTP server that answers like
 * https://api.paperspace.com/v1 for datasets and dataset versions. It checks the Bearer key,
 * records every request, can add latency, and applies injected faults.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FaultPlan, type Fault, type RecordedRequest } from './faults.ts'
import { route } from './routes.ts'
import { EmulatorError, Store } from './store.ts'

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number
  /** Keys accepted as `Authorization: Bearer <key>`; a random one when none are given. */
  readonly apiKeys?: readonly string[]
  /** Delay before every answer, to model a distant API (benchmarks). */
  readonly latencyMs?: number
  /** Load state from, and save it to, this JSON file. */
  readonly dataFile?: string
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
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024
const PREFIX = '/v1'

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const keys = new Set(options.apiKeys ?? [`emu_${randomBytes(12).toString('hex')}`])
  const store = new Store(options.dataFile)
  const faults = new FaultPlan()
  const requests: RecordedRequest[] = []
  let inFlight = 0
  let peakInFlight = 0

  const server = createServer((req, res) => {
    inFlight++
    peakInFlight = Math.max(peakInFlight, inFlight)
    res.on('close', () => inFlight--)
    handle(req, res).catch(error => {
      if (!res.headersSent)
        send(res, 500, { code: 'INTERNAL_SERVER_ERROR', message: String(error) })
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
      authorized: bearer !== undefined && keys.has(bearer)
    }
    requests.push(request)
    if (options.latencyMs) await sleep(options.latencyMs)

    const fault = faults.take(request)
    if (fault?.hang) return
    if (fault?.reset) return void req.socket.destroy()
    if (fault?.delayMs) await sleep(fault.delayMs)
    fault?.before?.(store)
    if (fault?.echoAuthorization) {
      return answer(401, { code: 'UNAUTHORIZED', message: `Invalid credentials: ${authorization}` })
    }
    if (fault?.rawBody !== undefined) {
      request.status = fault.status ?? 200
      res.writeHead(request.status, { 'content-type': 'application/json', ...fault.headers })
      return void res.end(fault.rawBody)
    }
    if (fault?.status !== undefined) {
      const headers: Record<string, string> = {
        ...fault.headers,
        ...(fault.retryAfter !== undefined && { 'retry-after': fault.retryAfter })
      }
      return answer(
        fault.status,
        {
          code: fault.code ?? 'INTERNAL_SERVER_ERROR',
          message: fault.message ?? 'Injected failure',
          ...(fault.details !== undefined && { details: fault.details })
        },
        headers
      )
    }

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
    } catch (error) {
      if (!(error instanceof EmulatorError)) throw error
      status = error.status
      payload = {
        code: error.code,
        message: error.message,
        ...(error.details !== undefined && { details: error.details })
      }
    }
    if (fault?.resetAfterApply) return void req.socket.destroy()
    answer(status, payload)

    function answer(code: number, json: unknown, headers: Record<string, string> = {}): void {
      request.status = code
      send(res, code, json, headers)
    }
  }

  await new Promise<void>(resolve => server.listen(options.port ?? 0, '127.0.0.1', resolve))
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
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
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

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
