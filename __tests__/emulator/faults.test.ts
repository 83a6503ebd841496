import { describe, expect, test } from '@jest/globals'
import { request } from 'node:http'
import { startEmulator } from '../../emulator/server.ts'
import { callApi, freshDataset, heldClock, useEmulator } from '../helpers/emulator.ts'
import { eventually } from '../helpers/eventually.ts'

const emulator = useEmulator()

function versionPath(datasetId: string, version: string): string {
  return `/datasets/${datasetId}/versions/${version}`
}

describe('the request is carried out, the answer is not what happened', () => {
  test('statusAfterApply on POST stores the version and answers 500', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', statusAfterApply: 500, message: 'Lost it' })
    const answer = await callApi(emulator(), 'POST', `/datasets/${datasetId}/versions`, {
      body: { message: 'kept', metadata: { token: 't1' } }
    })
    expect(answer).toMatchObject({
      status: 500,
      body: { code: 'INTERNAL_SERVER_ERROR', message: 'Lost it' }
    })
    expect(emulator().store.versions(datasetId)).toMatchObject([
      { message: 'kept', metadata: { token: 't1' } }
    ])
    expect(emulator().requests.at(-1)?.status).toBe(500)
  })

  test('statusAfterApply on PUT commits and answers 503 with Retry-After', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
    emulator().inject({
      method: 'PUT',
      statusAfterApply: 503,
      code: 'UNAVAILABLE',
      retryAfter: '1'
    })
    const answer = await callApi(emulator(), 'PUT', versionPath(datasetId, seeded!.version), {
      body: { isCommitted: true }
    })
    expect(answer.status).toBe(503)
    expect(answer.body.code).toBe('UNAVAILABLE')
    expect(answer.headers.get('retry-after')).toBe('1')
    expect(emulator().store.getVersion(datasetId, seeded!.version).isCommitted).toBe(true)
  })

  test('resetAfterApply on POST stores the version and drops the connection', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', resetAfterApply: true })
    await expect(
      callApi(emulator(), 'POST', `/datasets/${datasetId}/versions`, { body: { message: 'm' } })
    ).rejects.toThrow()
    expect(emulator().store.versions(datasetId)).toMatchObject([{ message: 'm' }])
    expect(emulator().requests.at(-1)?.status).toBeUndefined()
  })

  test('resetAfterApply on PUT applies the change and drops the connection', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
    emulator().inject({ method: 'PUT', resetAfterApply: true })
    await expect(
      callApi(emulator(), 'PUT', versionPath(datasetId, seeded!.version), {
        body: { isCommitted: true }
      })
    ).rejects.toThrow()
    expect(emulator().store.getVersion(datasetId, seeded!.version).isCommitted).toBe(true)
  })

  test('mapBody answers a committed PUT with isCommitted false; the store is untouched', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
    emulator().inject({
      method: 'PUT',
      mapBody: body => {
        // Edits in place on purpose: the fault gets a copy.
        ;(body as { isCommitted: boolean }).isCommitted = false
        return body
      }
    })
    const path = versionPath(datasetId, seeded!.version)
    const answer = await callApi(emulator(), 'PUT', path, { body: { isCommitted: true } })
    expect(answer).toMatchObject({ status: 200, body: { isCommitted: false } })
    expect(emulator().store.getVersion(datasetId, seeded!.version).isCommitted).toBe(true)
    expect((await callApi(emulator(), 'GET', path)).body.isCommitted).toBe(true)
  })

  test('mapBody sees the status it transforms', async () => {
    const datasetId = freshDataset(emulator())
    const statuses: number[] = []
    emulator().inject({
      method: 'GET',
      mapBody: (body, status) => (statuses.push(status), body)
    })
    await callApi(emulator(), 'GET', versionPath(datasetId, 'nothere'))
    expect(statuses).toEqual([404])
  })
})

describe('streamBytes', () => {
  async function fetchStream(url: string, key: string) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } })
    return { response, text: await response.text() }
  }

  test('answers valid JSON of exactly the size asked, keeping the real fields', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 0, tags: ['t'] }])
    const bytes = 3 * 1024 * 1024 + 7
    emulator().inject({ method: 'GET', streamBytes: bytes })
    const { response, text } = await fetchStream(
      `${emulator().url}${versionPath(datasetId, seeded!.version)}`,
      emulator().apiKey
    )
    expect(response.status).toBe(200)
    // Chunked by default: the client cannot know the size before reading it.
    expect(response.headers.get('content-length')).toBeNull()
    expect(Buffer.byteLength(text)).toBe(bytes)
    const body = JSON.parse(text)
    expect(body).toMatchObject({ version: seeded!.version, tags: ['t'] })
    expect(body.padding).toMatch(/^x+$/)
  })

  test('declares the length when asked, also for a listing', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
    emulator().inject({ method: 'GET', streamBytes: 200_000, streamDeclaresLength: true })
    const { response, text } = await fetchStream(
      `${emulator().url}/datasets/${datasetId}/versions`,
      emulator().apiKey
    )
    expect(response.headers.get('content-length')).toBe('200000')
    expect(JSON.parse(text)).toMatchObject({ hasMore: false, items: [{ datasetId }] })
  })

  test('stops when the client goes away, and the server keeps answering', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'GET', streamBytes: 4 * 1024 ** 3 })
    const url = new URL(`${emulator().url}/datasets/${datasetId}`)
    await new Promise<void>((resolve, reject) => {
      const req = request(
        url,
        { headers: { authorization: `Bearer ${emulator().apiKey}` } },
        res => {
          res.once('data', () => {
            req.destroy()
            resolve()
          })
        }
      )
      req.on('error', reject)
      req.end()
    })
    const streamed = emulator().requests.at(-1)!
    await eventually(() => streamed.endedAt !== undefined, 'the end of the abandoned stream')
    expect((await callApi(emulator(), 'GET', `/datasets/${datasetId}`)).status).toBe(200)
  })
})

describe('truncateAt', () => {
  test('declares the whole answer, sends only that many bytes of it, then drops the connection', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
    emulator().inject({ method: 'GET', truncateAt: 10 })
    const url = new URL(`${emulator().url}/datasets/${datasetId}/versions`)
    const received = await new Promise<{ declared: number; bytes: number; aborted: boolean }>(
      (resolve, reject) => {
        const req = request(
          url,
          { headers: { authorization: `Bearer ${emulator().apiKey}` } },
          res => {
            let bytes = 0
            res.on('data', (chunk: Buffer) => (bytes += chunk.length))
            res.on('error', () => undefined)
            res.on('close', () =>
              resolve({
                declared: Number(res.headers['content-length']),
                bytes,
                aborted: !res.complete
              })
            )
          }
        )
        req.on('error', reject)
        req.end()
      }
    )
    expect(received.bytes).toBe(10)
    expect(received.declared).toBeGreaterThan(10)
    expect(received.aborted).toBe(true)
    expect(emulator().requests.at(-1)!.status).toBe(200)
  })
})

describe('endlessEmptyPages', () => {
  test('every page is empty, promises more and carries a new cursor', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
    emulator().inject({
      path: `/datasets/${datasetId}/versions`,
      endlessEmptyPages: true,
      times: Infinity
    })
    const cursors = new Set<string>()
    let after = ''
    for (let i = 0; i < 30; i++) {
      const page = await callApi(
        emulator(),
        'GET',
        `/datasets/${datasetId}/versions?limit=10${after}`
      )
      expect(page.status).toBe(200)
      expect(page.body).toMatchObject({ hasMore: true, items: [] })
      expect(page.body.nextPage).toMatch(/^[A-Za-z0-9_-]{16,}$/)
      cursors.add(page.body.nextPage)
      after = `&after=${page.body.nextPage}`
    }
    expect(cursors.size).toBe(30)
  })
})

describe('echoAuthorization', () => {
  // A key whose encodings all differ from it: quote, backslash, slash, plus, equals, space.
  const key = 'k"e\\y/+= z'

  async function echoed(fault: Parameters<ReturnType<typeof emulator>['inject']>[0]) {
    const leaky = await startEmulator({ apiKeys: [key] })
    try {
      leaky.inject(fault)
      return await callApi(leaky, 'GET', '/datasets')
    } finally {
      await leaky.close()
    }
  }

  test('true repeats the header as sent, as before', async () => {
    expect((await echoed({ echoAuthorization: true })).body).toEqual({
      code: 'UNAUTHORIZED',
      message: `Invalid credentials: Bearer ${key}`
    })
  })

  test.each([
    ['json', 'k\\"e\\\\y/+= z'],
    ['url', 'k%22e%5Cy%2F%2B%3D%20z'],
    ['base64', Buffer.from(key).toString('base64')]
  ] as const)('%s repeats the key in that encoding only', async (form, encoded) => {
    const answer = await echoed({ echoAuthorization: form })
    expect(answer.status).toBe(401)
    expect(answer.body.message).toBe(`Invalid credentials: ${encoded}`)
    expect(answer.body.message).not.toContain(key)
  })

  test('a list repeats every form, with another status when asked', async () => {
    const answer = await echoed({
      echoAuthorization: ['json', 'url', 'base64'],
      status: 403,
      code: 'FORBIDDEN'
    })
    expect(answer.status).toBe(403)
    expect(answer.body.code).toBe('FORBIDDEN')
    expect(answer.body.message).toContain('k%22e%5Cy%2F%2B%3D%20z')
    expect(answer.body.message).toContain(Buffer.from(key).toString('base64'))
    expect(answer.body.message).toContain('k\\"e\\\\y/+= z')
  })
})

describe('request timing', () => {
  test('startedAt and endedAt bound each request on the emulator clock', async () => {
    // Each wait (here the fault's delay) is over as soon as it begins: time moves only then.
    const clock = heldClock({ endWaitsAtOnce: true })
    const own = await startEmulator({ clock })
    try {
      const datasetId = own.store.createDataset({ name: 'd' }).id
      const start = clock.now()
      await callApi(own, 'GET', `/datasets/${datasetId}`)
      clock.advance(5)
      own.inject({ delayMs: 30 })
      await callApi(own, 'GET', `/datasets/${datasetId}`)
      expect(own.now()).toBe(start + 35)
      expect(own.requests).toMatchObject([
        { startedAt: start, endedAt: start },
        // Answered when its delay was over, on the clock it arrived by.
        { startedAt: start + 5, endedAt: start + 35 }
      ])
    } finally {
      await own.close()
    }
  })

  test('a hanging request has no endedAt until its client gives up', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ hang: true })
    const giveUp = new AbortController()
    const answer = fetch(`${emulator().url}/datasets/${datasetId}`, { signal: giveUp.signal })
    await eventually(() => emulator().requests.length === 1, 'the request reaching the emulator')
    const [hung] = emulator().requests
    expect(hung!.endedAt).toBeUndefined()
    giveUp.abort()
    await expect(answer).rejects.toThrow()
    await eventually(() => hung!.endedAt !== undefined, 'the emulator seeing the client go')
    expect(hung!.status).toBeUndefined()
    expect(hung!.endedAt).toBeGreaterThanOrEqual(hung!.startedAt)
  })
})

describe('matching', () => {
  test('every DELETE answers 503, nothing is deleted, other methods pass', async () => {
    const datasetId = freshDataset(emulator())
    const seeded = emulator().store.seedVersions(
      datasetId,
      Array.from({ length: 8 }, () => ({ ageMs: 0 }))
    )
    emulator().inject({ method: 'DELETE', status: 503, times: Infinity })
    for (const { version } of seeded) {
      expect((await callApi(emulator(), 'DELETE', versionPath(datasetId, version))).status).toBe(
        503
      )
      expect((await callApi(emulator(), 'DELETE', versionPath(datasetId, version))).status).toBe(
        503
      )
      expect((await callApi(emulator(), 'GET', versionPath(datasetId, version))).status).toBe(200)
    }
    expect(emulator().store.versions(datasetId)).toHaveLength(8)
  })

  test('skip, times and when combine: after two, every DELETE of one version fails', async () => {
    const datasetId = freshDataset(emulator())
    const [a, b] = emulator().store.seedVersions(datasetId, [{ ageMs: 0 }, { ageMs: 0 }])
    emulator().inject({
      method: 'DELETE',
      when: request => request.path.endsWith(`/${a!.version}`),
      skip: 2,
      times: Infinity,
      status: 503
    })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (await callApi(emulator(), 'DELETE', versionPath(datasetId, a!.version))).status
      )
    }
    // The first passes (deleted), the second passes too (404: already gone), then 503 for ever.
    expect(statuses).toEqual([200, 404, 503, 503, 503])
    expect((await callApi(emulator(), 'DELETE', versionPath(datasetId, b!.version))).status).toBe(
      200
    )
  })
})
