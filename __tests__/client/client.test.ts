import { describe, expect, test } from '@jest/globals'
import { createServer } from 'node:net'
import { inspect } from 'node:util'
import { startEmulator } from '../../emulator/server.ts'
import { versionPath, type ClientOptions } from '../../src/paperspace/client.ts'
import { jsonBody } from '../../src/paperspace/http.ts'
import { apiFailure, emulatorClient } from '../helpers/client.ts'
import { recordingLog } from '../helpers/log.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { eventually } from '../helpers/eventually.ts'
import { takeViolations } from '../setup/conformance.ts'

const emulator = useEmulator()

const client = (overrides: Partial<ClientOptions> = {}) => emulatorClient(emulator(), overrides)
const failure = apiFailure

describe('requests', () => {
  test('create sends tags as one comma-delimited string, with the Bearer key', async () => {
    const datasetId = freshDataset(emulator())
    const version = await client().createVersion(datasetId, {
      message: 'm',
      tags: ['a', 'b'],
      metadata: { k: 1 }
    })
    expect(version).toMatchObject({
      datasetId,
      message: 'm',
      tags: ['a', 'b'],
      metadata: { k: 1 },
      isCommitted: false
    })
    const [request] = emulator().requests
    expect(request).toMatchObject({
      method: 'POST',
      path: `/datasets/${datasetId}/versions`,
      authorized: true,
      body: { message: 'm', tags: 'a,b', metadata: { k: 1 } }
    })
  })

  test('falsy values are sent, not dropped', async () => {
    const datasetId = freshDataset(emulator())
    const { version } = await client().createVersion(datasetId, {})
    await client().updateVersion(datasetId, version, {
      message: '',
      tags: [],
      metadata: {},
      isCommitted: false
    })
    expect(emulator().requests.map(r => r.body)).toEqual([
      {},
      { message: '', tags: '', metadata: {}, isCommitted: false }
    ])
  })

  test('get, update and delete address the version by path', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 1000 }])
    const api = client()
    expect((await api.getVersion(datasetId, seeded!.version)).version).toBe(seeded!.version)
    expect(
      (await api.updateVersion(datasetId, seeded!.version, { isCommitted: true })).isCommitted
    ).toBe(true)
    expect(await api.deleteVersion(datasetId, seeded!.version)).toEqual({
      version: seeded!.version,
      alreadyGone: false
    })
    expect(emulator().requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `GET /datasets/${datasetId}/versions/${seeded!.version}`,
      `PUT /datasets/${datasetId}/versions/${seeded!.version}`,
      `DELETE /datasets/${datasetId}/versions/${seeded!.version}`
    ])
  })

  test('getDataset reads one dataset by its path, name included', async () => {
    const datasetId = freshDataset(emulator(), 'team-models')
    expect(await client().getDataset(datasetId)).toMatchObject({
      id: datasetId,
      name: 'team-models',
      isPublic: false
    })
    expect(emulator().requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `GET /datasets/${datasetId}`
    ])
  })

  test('list sends limit, order, orderBy, after and tags as query parameters', async () => {
    const datasetId = freshDataset(emulator())
    const page = await client().listVersions(datasetId, {
      limit: 7,
      order: 'asc',
      tags: ['a', 'b']
    })
    expect(page).toEqual({ hasMore: false, items: [], nextPage: null })
    expect(emulator().requests[0]!.query).toEqual({
      limit: '7',
      order: 'asc',
      orderBy: 'dtCreated',
      tags: 'a,b'
    })
  })

  test('[F-input-unsafe-id] an ID that is not plain never becomes a path', () => {
    expect(() => versionPath('ds1', '..')).toThrow(
      'refusing to put ".." in a request path: not a plain ID'
    )
    expect(() => versionPath('a/b', 'v')).toThrow('not a plain ID')
  })
})

describe('API errors', () => {
  test('404 is one line: method, path, status, code, message', async () => {
    const datasetId = freshDataset(emulator())
    const error = await failure(client().getVersion(datasetId, 'abc1234'))
    expect(error.message).toBe(
      `GET /datasets/${datasetId}/versions/abc1234 failed: 404 NOT_FOUND: Dataset version not found`
    )
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', attempts: 1 })
  })

  test('401 says to check the key and its team', async () => {
    const datasetId = freshDataset(emulator())
    const error = await failure(client({ apiKey: 'wrong-key' }).getVersion(datasetId, 'abc1234'))
    expect(error.message).toMatch(
      /failed: 401 UNAUTHORIZED: Missing or invalid API key\. Check that apiKey is a valid/
    )
  })

  test('[F-client-error] 400 carries the API details', async () => {
    const datasetId = freshDataset(emulator())
    const error = await failure(client().listVersions(datasetId, { limit: 500 }))
    expect(error.message).toContain(
      '400 BAD_REQUEST: Invalid input: limit: Number must be less than or equal to 120 (details: {"issues"'
    )
    // Sent out of bounds on purpose: the spec check sees it too.
    expect(takeViolations()).toEqual([
      `GET /datasets/${datasetId}/versions sent query/limit must match pattern "^(?:[1-9]|[1-9][0-9]|1[01][0-9]|120)$"`
    ])
  })

  test('[F-key-echoed] a key the server echoes back is removed from the message', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ echoAuthorization: true })
    const error = await failure(client().getVersion(datasetId, 'abc1234'))
    expect(error.message).toContain('Invalid credentials: Bearer ***')
    expect(error.message).not.toContain(emulator().apiKey)
  })

  test('the error object holds no request headers, whatever way it is printed', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 500 })
    const error = await failure(client({ retries: 0 }).getVersion(datasetId, 'abc1234'))
    for (const text of [
      inspect(error, { showHidden: true, depth: 10 }),
      JSON.stringify(error),
      String(error),
      error.stack
    ]) {
      expect(text).not.toContain(emulator().apiKey)
    }
  })

  test('[F-list-not-json] a 2xx body that is not JSON is an invalid response', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ rawBody: '{"items": [1,2' })
    const error = await failure(client().listVersions(datasetId, { limit: 5 }))
    expect(error.message).toBe(
      `GET /datasets/${datasetId}/versions failed: 200 INVALID_RESPONSE: the response body is not valid JSON`
    )
  })

  test('a 2xx body that starts with a byte order mark is read all the same', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 1 }])
    emulator().inject({ rawBody: `\ufeff${JSON.stringify(seeded)}` })
    const version = await client().getVersion(datasetId, seeded!.version)
    expect(version.version).toBe(seeded!.version)
  })

  test('[F-list-wrong-shape] a response of the wrong shape is an invalid response naming the field', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 1 }])
    emulator().inject({ rawBody: JSON.stringify({ ...seeded, isCommitted: 'false' }) })
    const error = await failure(client().getVersion(datasetId, seeded!.version))
    expect(error.message).toContain(
      'INVALID_RESPONSE: the response does not have the documented shape: version.isCommitted is not a boolean'
    )
  })

  test('[F-redirect] a redirect is reported, not followed with the key', async () => {
    const elsewhere = await startEmulator()
    try {
      const datasetId = freshDataset(emulator())
      emulator().inject({
        status: 302,
        headers: { location: `${elsewhere.url}/datasets/${datasetId}/versions` }
      })
      const error = await failure(client().listVersions(datasetId, { limit: 5 }))
      expect(error).toMatchObject({ status: 302, code: 'UNEXPECTED_STATUS' })
      expect(elsewhere.requests).toHaveLength(0)
    } finally {
      await elsewhere.close()
    }
  })
})

describe('retries', () => {
  test('[F-retry-5xx] GET is retried on 503 until it succeeds', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 503, times: 2 })
    const page = await client().listVersions(datasetId, { limit: 5 })
    expect(page.items).toEqual([])
    expect(emulator().requests.map(r => r.status)).toEqual([503, 503, 200])
  })

  test('[F-retries-spent] after the retries are spent the error counts the attempts', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 502, times: Infinity })
    const error = await failure(client({ retries: 2 }).getVersion(datasetId, 'abc1234'))
    expect(error.message).toMatch(
      /failed: 502 INTERNAL_SERVER_ERROR: Injected failure \(after 3 attempts\)$/
    )
    expect(emulator().requests).toHaveLength(3)
  })

  test('[F-connection-dropped] a dropped connection is retried for GET', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ reset: true })
    await client().listVersions(datasetId, { limit: 5 })
    expect(emulator().requests).toHaveLength(2)
  })

  test('[F-read-cut-off] an answer cut short of its Content-Length is retried like a dropped connection: GET, PUT, DELETE', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 1000 }])
    const id = seeded!.version
    for (const method of ['GET', 'PUT', 'DELETE']) {
      emulator().inject({ method, truncateAt: 10 })
    }
    const log = recordingLog()
    const api = client({ log })
    expect(await api.getVersion(datasetId, id)).toMatchObject({ version: id })
    expect(await api.updateVersion(datasetId, id, { message: 'again' })).toMatchObject({
      message: 'again'
    })
    // The cut-off DELETE was carried out; its retry finds the version gone.
    expect(await api.deleteVersion(datasetId, id)).toEqual({ version: id, alreadyGone: true })
    expect(emulator().requests.map(r => `${r.method} ${r.status}`)).toEqual([
      'GET 200',
      'GET 200',
      'PUT 200',
      'PUT 200',
      'DELETE 200',
      'DELETE 404'
    ])
    expect(log.at('info')).toEqual(
      ['GET', 'PUT', 'DELETE'].map(
        method =>
          `${method} /datasets/${datasetId}/versions/${id} failed (ERR_HTTP_CONTENT_LENGTH_MISMATCH); retry 1 of 3`
      )
    )
  })

  test('[F-read-cut-off] a POST whose answer is cut short is not replayed: the API acted', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', truncateAt: 10 })
    const error = await failure(client().createVersion(datasetId, {}))
    expect(error).toMatchObject({ code: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH', attempts: 1 })
    expect(emulator().requests).toHaveLength(1)
    expect(emulator().store.versions(datasetId)).toHaveLength(1)
  })

  test('[F-create-refused] POST is not retried after a 503: a replay could create a duplicate', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 503 })
    const error = await failure(client().createVersion(datasetId, {}))
    expect(error.status).toBe(503)
    expect(emulator().requests).toHaveLength(1)
    expect(emulator().store.versions(datasetId)).toHaveLength(0)
  })

  test('[F-create-lost-answer] POST is not retried when the connection drops after the API acted', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', resetAfterApply: true })
    const error = await failure(client().createVersion(datasetId, {}))
    expect(error.code).toBe('ECONNRESET')
    expect(emulator().store.versions(datasetId)).toHaveLength(1)
  })

  test('[F-connection-refused] a refused connection is retried, POST included: nothing reached a server', async () => {
    const port = await freePort()
    const error = await failure(
      client({ baseUrl: `http://127.0.0.1:${port}/v1`, retries: 2 }).createVersion('ds1', {})
    )
    expect(error).toMatchObject({ code: 'ECONNREFUSED', attempts: 3 })
    expect(error.message).toMatch(
      /^POST \/datasets\/ds1\/versions failed: ECONNREFUSED: .*\(after 3 attempts\)$/
    )
  })

  test('[F-retry-after] Retry-After is obeyed', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 429, code: 'TOO_MANY_REQUESTS', retryAfter: '0' })
    const log = recordingLog()
    // The backoff alone would wait 10 to 20 s; the server asked for a retry at once.
    await client({ log, retryBaseMs: 60_000 }).listVersions(datasetId, { limit: 5 })
    expect(log.at('debug').filter(line => line.includes(': retry '))).toEqual([
      `GET /datasets/${datasetId}/versions: retry 1 in 1 ms`
    ])
    expect(emulator().requests.map(r => r.status)).toEqual([429, 200])
  })

  test('a Retry-After is read in seconds: 2 is a wait of 2000 ms', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 429, code: 'TOO_MANY_REQUESTS', retryAfter: '2' })
    // Once the client has said how long it will wait, the run is cancelled: the wait ends there
    // (its grace period never ends here), and the request fails as its one attempt did.
    const cancel = new AbortController()
    const log = recordingLog(line => {
      if (line.text.includes(': retry ')) cancel.abort()
    })
    const c = client({ log, cancel: cancel.signal, graceTimer: () => {} })
    const error = await failure(c.listVersions(datasetId, { limit: 5 }))
    expect(log.at('debug').filter(line => line.includes(': retry '))).toEqual([
      `GET /datasets/${datasetId}/versions: retry 1 in 2000 ms`
    ])
    expect(error).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', attempts: 1 })
    expect(emulator().requests).toHaveLength(1)
  })

  test('[F-retry-after-unreadable] a Retry-After in the past, or that is not a delay, still lets the request be retried', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 429, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' })
    emulator().inject({ status: 429, retryAfter: 'soon' })
    const page = await client().listVersions(datasetId, { limit: 5 })
    expect(page.items).toEqual([])
    expect(emulator().requests.map(r => r.status)).toEqual([429, 429, 200])
  })

  test('[F-retry-after-long] a Retry-After beyond a minute fails at once, saying what the API asked', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      message: 'Slow down',
      retryAfter: '3600'
    })
    const error = await failure(client().listVersions(datasetId, { limit: 5 }))
    expect(error.message).toBe(
      `GET /datasets/${datasetId}/versions failed: 429 TOO_MANY_REQUESTS: Slow down (Retry-After: 3600)`
    )
    expect(emulator().requests).toHaveLength(1)
  })

  test('[F-no-answer] a request that gets no answer times out, and is retried', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ hang: true, times: Infinity })
    const error = await failure(
      client({ timeoutMs: 200, retries: 1 }).getVersion(datasetId, 'abc1234')
    )
    expect(error.message).toBe(
      `GET /datasets/${datasetId}/versions/abc1234 failed: ETIMEDOUT: no response within 0.2 s (after 2 attempts)`
    )
    expect(emulator().requests).toHaveLength(2)
  })

  test('[F-delete-lost-answer] a DELETE whose answer was lost, then 404, counts as deleted', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 1 }])
    emulator().inject({ method: 'DELETE', resetAfterApply: true })
    expect(await client().deleteVersion(datasetId, seeded!.version)).toEqual({
      version: seeded!.version,
      alreadyGone: true
    })
    expect(emulator().requests.map(r => r.status)).toEqual([undefined, 404])
  })

  test('[F-delete-gone] a DELETE answered 404 at the first attempt is an error', async () => {
    const datasetId = freshDataset(emulator())
    const error = await failure(client().deleteVersion(datasetId, 'abc1234'))
    expect(error).toMatchObject({ status: 404, attempts: 1 })
  })

  test('retries are logged with the reason', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 503 })
    const lines: string[] = []
    const log = {
      info: (m: string) => lines.push(m),
      warning() {},
      debug() {},
      group: <T>(_: string, fn: () => Promise<T>) => fn()
    }
    await client({ log })
      .getVersion(datasetId, 'abc1234')
      .catch(() => undefined)
    expect(lines).toEqual([
      `GET /datasets/${datasetId}/versions/abc1234 failed (503); retry 1 of 3`
    ])
  })
})

describe('[F-deadline] a call given the time it may take', () => {
  test('an attempt with no answer is aborted when the time runs out, whatever its own timeout', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ hang: true, times: Infinity })
    // Were the timeout in charge, the attempt would hang for ten minutes.
    const c = client({ timeoutMs: 600_000, retries: 3 })
    const error = await failure(c.getVersion(datasetId, 'abc1234', { timeLeftMs: 200 }))
    expect(error.message).toBe(
      `GET /datasets/${datasetId}/versions/abc1234 failed: DEADLINE_PASSED: no answer before its deadline, 0.2 s after it was made`
    )
    expect(emulator().requests).toHaveLength(1)
    await eventually(
      () => emulator().requests[0]!.endedAt !== undefined,
      'the client closing the hung request'
    )
  })

  test('a retry gets only what is left: it too is aborted at the deadline', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 503 })
    emulator().inject({ hang: true, times: Infinity })
    const c = client({ timeoutMs: 600_000, retries: 3 })
    const error = await failure(c.getVersion(datasetId, 'abc1234', { timeLeftMs: 300 }))
    expect(error).toMatchObject({ code: 'DEADLINE_PASSED', attempts: 2 })
    expect(emulator().requests.map(r => r.status)).toEqual([503, undefined])
  })

  test('no retry starts that would begin after the deadline; the error says so and keeps the status', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 503, code: 'UNAVAILABLE', message: 'later', times: Infinity })
    const log = recordingLog()
    // The backoff before the first retry is 30 to 60 s; the call has 10 s.
    const c = client({ retryBaseMs: 60_000, retries: 3, log })
    const error = await failure(c.getVersion(datasetId, 'abc1234', { timeLeftMs: 10_000 }))
    expect(error).toMatchObject({ status: 503, attempts: 1 })
    expect(error.message).toBe(
      `GET /datasets/${datasetId}/versions/abc1234 failed: 503 UNAVAILABLE: later; not retried: its deadline would pass before a retry could start`
    )
    expect(emulator().requests).toHaveLength(1)
    expect(log.at('debug')).toContain(
      `GET /datasets/${datasetId}/versions/abc1234: no retry, it would start past the deadline`
    )
  })

  test('a retry that starts before the deadline is made', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 1000 }])
    emulator().inject({ status: 503 })
    const version = await client().getVersion(datasetId, seeded!.version, { timeLeftMs: 10_000 })
    expect(version.version).toBe(seeded!.version)
    expect(emulator().requests.map(r => r.status)).toEqual([503, 200])
  })

  test('with no time left nothing is sent', async () => {
    const datasetId = freshDataset(emulator())
    const error = await failure(client().getVersion(datasetId, 'abc1234', { timeLeftMs: 0 }))
    expect(error.message).toBe(
      `GET /datasets/${datasetId}/versions/abc1234 failed: DEADLINE_PASSED: not sent: no time was left before its deadline`
    )
    expect(emulator().requests).toHaveLength(0)
  })
})

describe('[F-cancel-other] cancellation', () => {
  test("a cancellation ends a backoff at once: the request fails with its last attempt's error, not as abandoned", async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'DELETE', status: 503, times: Infinity, retryAfter: '59' })
    const cancel = new AbortController()
    const log = recordingLog(line => {
      if (line.text.includes(': retry 1 in ')) cancel.abort()
    })
    // Neither the 59 s Retry-After nor a grace period (which never ends here) can end it, and the
    // test's own limit is far below the first: only ending the wait lets it pass.
    const c = client({ cancel: cancel.signal, graceTimer: () => {}, retries: 3, log })
    const error = await failure(c.deleteVersion(datasetId, 'abc1234'))
    expect(error).toMatchObject({ status: 503, attempts: 1 })
    expect(error.code).not.toBe('ABANDONED')
    expect(emulator().requests).toHaveLength(1)
  }, 20_000)

  test('a retry whose backoff began before the cancellation is not sent', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'GET', status: 503, times: Infinity })
    const cancel = new AbortController()
    // The run is cancelled as the backoff begins, once the client has said how long it will wait.
    const log = recordingLog(line => {
      if (line.text.includes(': retry 1 in ')) cancel.abort()
    })
    // A grace period that never ends: nothing here is abandoned, the retry is simply not sent.
    const c = client({ cancel: cancel.signal, graceTimer: () => {}, retries: 3, log })
    const answer = failure(c.getVersion(datasetId, 'abc1234'))
    // It fails as its last attempt did, as when no retries are left: the 503 is what happened.
    const error = await answer
    expect(error).toMatchObject({ status: 503, attempts: 1 })
    expect(error.message).toContain(`GET /datasets/${datasetId}/versions/abc1234 failed: 503`)
    expect(log.at('debug')).toContainEqual(
      expect.stringMatching(new RegExp(`^GET /datasets/${datasetId}/versions/abc1234: retry 1 in`))
    )
    expect(emulator().requests).toHaveLength(1)
    expect(log.at('info')).toEqual([])
  })

  test('a request still unanswered when the grace period ends is abandoned; others are unaffected', async () => {
    const datasetId = freshDataset(emulator())
    const { version } = await client().createVersion(datasetId, { message: 'kept' })
    emulator().inject({ method: 'GET', path: /\/versions\/hung$/, hang: true })
    const cancel = new AbortController()
    const grace: { ms: number; end: () => void }[] = []
    // A timeout far beyond the test's own: the hung request ends only if it is abandoned.
    const c = client({
      cancel: cancel.signal,
      cancelGraceMs: 150,
      graceTimer: (ms, end) => grace.push({ ms, end }),
      retries: 0,
      timeoutMs: 600_000
    })
    const hung = failure(c.getVersion(datasetId, 'hung'))
    let abandoned = false
    void hung.then(() => (abandoned = true))
    const slow = c.getVersion(datasetId, version)
    cancel.abort()
    expect(grace.map(g => g.ms)).toEqual([150])

    // Answered within the grace period: as if nothing had happened.
    expect(await slow).toMatchObject({ version, message: 'kept' })
    await eventually(
      () => emulator().requests.some(r => r.path.endsWith('/hung')),
      'the hung request reaching the emulator'
    )
    // Not abandoned while the grace period lasts; abandoned when it ends.
    expect(abandoned).toBe(false)
    grace[0]!.end()
    const error = await hung
    expect(error.code).toBe('ABANDONED')
    expect(error.message).toContain('may have taken effect')
    // Nothing new starts after a cancellation.
    const refused = await c.getVersion(datasetId, version).then(
      () => 'sent',
      (e: Error) => e.message
    )
    expect(refused).toContain('was not sent')
  })
})

/** A port with nothing listening on it. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

describe('jsonBody', () => {
  test('parses UTF-8 bytes, a view into a larger buffer included', () => {
    const whole = new TextEncoder().encode('[{"message":"été"}]')
    expect(jsonBody(whole.subarray(1, whole.length - 1))).toEqual({ message: 'été' })
  })

  test('reads an empty body as empty text and refuses text that is not JSON', () => {
    expect(jsonBody(new Uint8Array())).toBe('')
    expect(() => jsonBody(new TextEncoder().encode('{"items": [1,2'))).toThrow(SyntaxError)
  })
})
