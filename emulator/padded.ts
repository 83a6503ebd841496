/**
 * A huge but valid JSON answer, produced as it is sent: for tests of a client's response size
 * limit, without the emulator holding the body in memory.
 */
import type { ServerResponse } from 'node:http'

/**
 * Streams `payload` (an object: its fields are kept) padded to exactly `bytes` bytes of valid
 * JSON, a chunk at a time, waiting whenever the client has not read the previous ones; stops if
 * the client goes away.
 */
export async function streamPadded(
  res: ServerResponse,
  status: number,
  payload: unknown,
  bytes: number,
  declareLength: boolean
): Promise<void> {
  const fields = JSON.stringify(payload)
  const isObject = typeof payload === 'object' && payload !== null && !Array.isArray(payload)
  const head = isObject && fields !== '{}' ? `${fields.slice(0, -1)},"padding":"` : '{"padding":"'
  const tail = '"}'
  let padding = Math.max(0, bytes - Buffer.byteLength(head) - tail.length)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...(declareLength && { 'content-length': Buffer.byteLength(head) + padding + tail.length })
  })
  const chunk = Buffer.alloc(64 * 1024, 'x')
  let open = true
  res.once('close', () => (open = false))
  if (!res.write(head)) await drained(res)
  while (open && padding > 0) {
    const size = Math.min(padding, chunk.length)
    padding -= size
    if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) await drained(res)
  }
  if (open) res.end(tail)
}

/** Resolves when the client has read what was written, or the connection closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}
