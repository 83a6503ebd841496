/**
 * A rehearsal of one request, answered in memory. The first answer a process handles runs code V8
 * has not compiled yet: got's response handling, Node's HTTP parsing and keep-alive callbacks, and
 * this client's body parsing. When the next request waits on that answer (a create's commit),
 * the cost lands between the two: 8-10 ms of a 20 ms request. Rehearsing one request through the
 * same got instance once the first real one has been sent moves that work into time the process
 * spends waiting anyway.
 *
 * The rehearsal never reaches the network. Its connections are streams in this process, made by
 * an agent of its own; its URL is on the reserved `.invalid` domain and it carries no
 * authorization header, so even a transport that ignored the agent could neither connect nor
 * send the key. Its outcome is ignored.
 */
import { Agent, request as httpRequest, type ClientRequest, type RequestOptions } from 'node:http'
import { Duplex } from 'node:stream'
import type { Got } from 'got'

/** A version in the documented shape: the in-memory answer. */
const BODY = JSON.stringify({
  version: 'rehearsal',
  datasetId: 'rehearsal',
  message: 'rehearsal',
  tags: ['rehearsal'],
  metadata: { rehearsal: true },
  isCommitted: true,
  dtCreated: '2026-01-01T00:00:00.000Z',
  dtModified: '2026-01-01T00:00:00.000Z'
})

const ANSWER =
  'HTTP/1.1 200 OK\r\n' +
  'content-type: application/json\r\n' +
  `content-length: ${Buffer.byteLength(BODY)}\r\n\r\n` +
  BODY

/** Where the rehearsal is addressed: a name that cannot resolve (RFC 2606). */
export const REHEARSAL_URL = 'http://rehearsal.invalid/datasets/rehearsal/versions/rehearsal'

/** A connection that reads one request and, once it has all of it, answers with ANSWER. */
class MemoryConnection extends Duplex {
  private received = ''
  private answered = false

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.received += chunk.toString('latin1')
    const head = this.received.indexOf('\r\n\r\n')
    if (!this.answered && head >= 0) {
      const declared = /content-length: *(\d+)/i.exec(this.received.slice(0, head))
      if (this.received.length - head - 4 >= Number(declared?.[1] ?? 0)) {
        this.answered = true
        this.push(ANSWER)
      }
    }
    done()
  }

  // What an HTTP client calls on a socket; there is nothing to set on a stream in memory.
  setNoDelay(): this {
    return this
  }
  setKeepAlive(): this {
    return this
  }
  setTimeout(): this {
    return this
  }
  ref(): this {
    return this
  }
  unref(): this {
    return this
  }
}

/** A keep-alive agent like the one real requests use, whose connections are in memory. */
class MemoryAgent extends Agent {
  override createConnection(): never {
    return new MemoryConnection() as never
  }
}

/** got's `request` option: the request goes to a MemoryConnection through a MemoryAgent. */
function inMemoryRequest(
  url: URL,
  options: RequestOptions,
  callback?: Parameters<typeof httpRequest>[2]
): ClientRequest {
  const agent = new MemoryAgent({ keepAlive: true })
  const request = httpRequest(url, { ...options, agent }, callback)
  request.once('close', () => setImmediate(() => agent.destroy()))
  return request
}

/**
 * Sends one PUT with a JSON body through `http` (the client's got instance) to memory, and hands
 * the answer's bytes to `parse`, as the client does with a real one. Never rejects.
 */
export async function rehearse(http: Got, parse: (bytes: Uint8Array) => unknown): Promise<void> {
  try {
    const response = await http<Uint8Array>(REHEARSAL_URL, {
      prefixUrl: '',
      method: 'PUT',
      json: { message: 'rehearsal', tags: 'rehearsal', isCommitted: true },
      headers: { authorization: undefined },
      request: inMemoryRequest,
      retry: { limit: 0 },
      context: { path: '/rehearsal' }
    })
    parse(response.body)
  } catch {
    // Only a warm-up: whatever went wrong, the real requests are unaffected.
  }
}
