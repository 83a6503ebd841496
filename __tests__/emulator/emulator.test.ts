import { describe, expect, test } from '@jest/globals'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DAY, HOUR, history } from '../../emulator/seed.ts'
import { startEmulator, type Emulator } from '../../emulator/server.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()

async function api(
  e: Emulator,
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; key?: string | null } = {}
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const key = options.key === undefined ? e.apiKey : options.key
  if (key !== null) headers.authorization = `Bearer ${key}`
  const response = await fetch(`${e.url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    ...(options.raw !== undefined && { body: options.raw })
  })
  const text = await response.text()
  return {
    status: response.status,
    body: text === '' ? undefined : JSON.parse(text),
    headers: response.headers
  }
}

describe('authentication', () => {
  test('a request without a key gets 401 in the API error shape', async () => {
    const response = await api(emulator(), 'GET', '/datasets', { key: null })
    expect(response.status).toBe(401)
    expect(response.body).toEqual({ code: 'UNAUTHORIZED', message: 'Missing or invalid API key' })
  })

  test('a wrong key gets 401 and is recorded as unauthorized', async () => {
    expect((await api(emulator(), 'GET', '/datasets', { key: 'wrong' })).status).toBe(401)
    expect(emulator().requests.at(-1)).toMatchObject({ authorized: false, status: 401 })
  })
})

describe('GET /billing/account-standing', () => {
  test("answers a team in good standing, so Paperspace's own CLI goes on to create", async () => {
    const response = await api(emulator(), 'GET', '/billing/account-standing')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      hasPaymentMethod: true,
      isAdminLocked: false,
      isInGoodStanding: true,
      messages: []
    })
  })

  test('asks for the key like every route', async () => {
    const response = await api(emulator(), 'GET', '/billing/account-standing', { key: null })
    expect(response).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } })
  })
})

describe('datasets', () => {
  test('create, get, update, list and delete', async () => {
    const created = await api(emulator(), 'POST', '/datasets', {
      body: { name: 'images', isPublic: false }
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({
      name: 'images',
      isPublic: false,
      description: null,
      storageProviderId: null
    })
    expect(created.body.id).toMatch(/^ds[a-z0-9]{13}$/)
    const id = created.body.id as string
    expect(
      (await api(emulator(), 'PUT', `/datasets/${id}`, { body: { description: 'd' } })).body
        .description
    ).toBe('d')
    expect((await api(emulator(), 'GET', `/datasets/${id}`)).body.name).toBe('images')
    const listed = await api(emulator(), 'GET', '/datasets?limit=120')
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(id)
    expect((await api(emulator(), 'DELETE', `/datasets/${id}`)).body).toEqual({ id })
    expect((await api(emulator(), 'GET', `/datasets/${id}`)).status).toBe(404)
  })

  test('a dataset needs a name', async () => {
    const response = await api(emulator(), 'POST', '/datasets', { body: {} })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      code: 'BAD_REQUEST',
      details: { issues: [{ path: ['name'] }] }
    })
  })
})

describe('versions', () => {
  test('create takes comma-delimited tags and answers the documented version object', async () => {
    const datasetId = freshDataset(emulator())
    const response = await api(emulator(), 'POST', `/datasets/${datasetId}/versions`, {
      body: { message: 'm', tags: 'a, b,a,', metadata: { k: 1 } }
    })
    expect(response.status).toBe(200)
    expect(Object.keys(response.body).sort()).toEqual(
      [
        'datasetId',
        'dtCreated',
        'dtModified',
        'isCommitted',
        'message',
        'metadata',
        'tags',
        'url',
        'usageBytes',
        'userId',
        'version'
      ].sort()
    )
    expect(response.body).toMatchObject({
      datasetId,
      message: 'm',
      tags: ['a', 'b'],
      metadata: { k: 1 },
      isCommitted: false,
      usageBytes: null
    })
    expect(response.body.version).toMatch(/^[a-z0-9]{7}$/)
  })

  test('an empty create body is fine', async () => {
    const datasetId = freshDataset(emulator())
    const response = await api(emulator(), 'POST', `/datasets/${datasetId}/versions`)
    expect(response.body).toMatchObject({ message: null, tags: [], metadata: null })
  })

  test('update changes fields and dtModified; a commit cannot be undone', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
    const path = `/datasets/${datasetId}/versions/${seeded!.version}`
    const updated = await api(emulator(), 'PUT', path, { body: { isCommitted: true, tags: 'x' } })
    expect(updated.body).toMatchObject({ isCommitted: true, tags: ['x'] })
    expect(Date.parse(updated.body.dtModified)).toBeGreaterThan(Date.parse(updated.body.dtCreated))
    const undo = await api(emulator(), 'PUT', path, { body: { isCommitted: false } })
    expect(undo.status).toBe(400)
    expect(undo.body.message).toBe('A committed dataset version cannot be uncommitted')
  })

  test('every update moves dtModified forward, within one millisecond and past a date ahead of the clock', async () => {
    const datasetId = freshDataset(emulator())
    const store = emulator().store
    // Dated an hour ahead of the clock: an update must still move it forward, not back to now.
    const [ahead] = store.seedVersions(datasetId, [{ ageMs: DAY, modifiedAgeMs: -HOUR }])
    const path = `/datasets/${datasetId}/versions/${ahead!.version}`
    const before = ahead!.dtModified
    const updated = await api(emulator(), 'PUT', path, { body: { message: 'again' } })
    expect(Date.parse(updated.body.dtModified)).toBeGreaterThan(Date.parse(before))
    // Many updates in one synchronous run: far more than one per millisecond.
    const [busy] = store.seedVersions(datasetId, [{ ageMs: DAY }])
    const stamps = Array.from(
      { length: 20 },
      (_, i) => store.updateVersion(datasetId, busy!.version, { message: `edit ${i}` }).dtModified
    )
    const times = stamps.map(stamp => Date.parse(stamp))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(new Set(stamps).size).toBe(stamps.length)
  })

  test('delete answers {datasetId, version}; the version is then gone', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
    const path = `/datasets/${datasetId}/versions/${seeded!.version}`
    expect((await api(emulator(), 'DELETE', path)).body).toEqual({
      datasetId,
      version: seeded!.version
    })
    expect(await api(emulator(), 'GET', path)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'Dataset version not found' }
    })
  })

  test('an unknown dataset is 404', async () => {
    expect((await api(emulator(), 'GET', '/datasets/dsnope/versions')).body).toEqual({
      code: 'NOT_FOUND',
      message: 'Dataset not found'
    })
  })

  test.each([
    ['{"message": ', 'Request body is not valid JSON'],
    ['[1]', 'Invalid input: body: Expected object'],
    ['{"tags": ["a"]}', 'Invalid input: tags: Expected string, received array'],
    ['{"metadata": "x"}', 'Invalid input: metadata: Expected object, received string'],
    ['{"message": 5}', 'Invalid input: message: Expected string, received number']
  ])('a malformed body %s is 400', async (raw, message) => {
    const datasetId = freshDataset(emulator())
    const response = await api(emulator(), 'POST', `/datasets/${datasetId}/versions`, { raw })
    expect(response).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST', message } })
  })

  test('isCommitted must be a boolean', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
    const response = await api(
      emulator(),
      'PUT',
      `/datasets/${datasetId}/versions/${seeded!.version}`,
      {
        body: { isCommitted: 'true' }
      }
    )
    expect(response.status).toBe(400)
  })

  test('an unknown method is 405 and an unknown route 404', async () => {
    expect((await api(emulator(), 'PATCH', '/datasets')).status).toBe(405)
    expect((await api(emulator(), 'GET', '/models')).status).toBe(404)
  })
})

describe('listing', () => {
  test.each(['0', '121', 'abc', '1.5'])('limit=%s is 400 with details', async limit => {
    const datasetId = freshDataset(emulator())
    const response = await api(emulator(), 'GET', `/datasets/${datasetId}/versions?limit=${limit}`)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      code: 'BAD_REQUEST',
      details: { issues: [{ path: ['limit'] }] }
    })
  })

  test('order and orderBy are checked', async () => {
    const datasetId = freshDataset(emulator())
    expect((await api(emulator(), 'GET', `/datasets/${datasetId}/versions?order=up`)).status).toBe(
      400
    )
    expect(
      (await api(emulator(), 'GET', `/datasets/${datasetId}/versions?orderBy=version`)).status
    ).toBe(400)
  })

  test('cursor pages walk every version once, newest first by default', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, history({ count: 250, spanMs: 10 * DAY }))
    const seen: { version: string; dtCreated: string }[] = []
    let after = ''
    for (;;) {
      const page = await api(emulator(), 'GET', `/datasets/${datasetId}/versions?limit=120${after}`)
      seen.push(...page.body.items)
      if (!page.body.hasMore) {
        expect(page.body).not.toHaveProperty('nextPage')
        break
      }
      after = `&after=${page.body.nextPage}`
    }
    expect(seen).toHaveLength(250)
    expect(new Set(seen.map(v => v.version)).size).toBe(250)
    const times = seen.map(v => Date.parse(v.dtCreated))
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  test('ties in dtCreated are broken by version ID, and asc reverses the order', async () => {
    const datasetId = freshDataset(emulator())
    const now = Date.now()
    emulator().store.seedVersions(
      datasetId,
      [
        { ageMs: HOUR, version: 'bbbbbbb' },
        { ageMs: HOUR, version: 'aaaaaaa' },
        { ageMs: DAY, version: 'ccccccc' }
      ],
      now
    )
    const asc = await api(emulator(), 'GET', `/datasets/${datasetId}/versions?order=asc&limit=1`)
    expect(asc.body.items.map((v: { version: string }) => v.version)).toEqual(['ccccccc'])
    const next = await api(
      emulator(),
      'GET',
      `/datasets/${datasetId}/versions?order=asc&limit=5&after=${asc.body.nextPage}`
    )
    expect(next.body.items.map((v: { version: string }) => v.version)).toEqual([
      'aaaaaaa',
      'bbbbbbb'
    ])
  })

  test('deleting the item a cursor points at does not break the walk', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, history({ count: 10, spanMs: DAY }))
    const first = await api(emulator(), 'GET', `/datasets/${datasetId}/versions?limit=5`)
    const last = first.body.items.at(-1).version as string
    await api(emulator(), 'DELETE', `/datasets/${datasetId}/versions/${last}`)
    const second = await api(
      emulator(),
      'GET',
      `/datasets/${datasetId}/versions?limit=5&after=${first.body.nextPage}`
    )
    expect(second.body.items).toHaveLength(5)
  })

  test('a cursor that is garbage, or from another order, is 400', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, history({ count: 3, spanMs: DAY }))
    expect((await api(emulator(), 'GET', `/datasets/${datasetId}/versions?after=zzz`)).status).toBe(
      400
    )
    const page = await api(emulator(), 'GET', `/datasets/${datasetId}/versions?limit=1`)
    expect(
      (
        await api(
          emulator(),
          'GET',
          `/datasets/${datasetId}/versions?order=asc&after=${page.body.nextPage}`
        )
      ).status
    ).toBe(400)
  })

  test('the tags filter keeps versions carrying any of the tags', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [
      { ageMs: 1, tags: ['a'] },
      { ageMs: 2, tags: ['b', 'c'] },
      { ageMs: 3, tags: [] }
    ])
    const response = await api(emulator(), 'GET', `/datasets/${datasetId}/versions?tags=a,c`)
    expect(response.body.items.map((v: { tags: string[] }) => v.tags)).toEqual([['a'], ['b', 'c']])
  })

  test('without limit a page holds 20', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, history({ count: 30, spanMs: DAY }))
    expect(
      (await api(emulator(), 'GET', `/datasets/${datasetId}/versions`)).body.items
    ).toHaveLength(20)
  })
})

describe('faults', () => {
  test('an injected error answers once with status, code and Retry-After', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({
      method: 'GET',
      path: `/datasets/${datasetId}/versions`,
      status: 503,
      code: 'UNAVAILABLE',
      retryAfter: '7'
    })
    const failed = await api(emulator(), 'GET', `/datasets/${datasetId}/versions`)
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBe('7')
    expect((await api(emulator(), 'GET', `/datasets/${datasetId}/versions`)).status).toBe(200)
  })

  test('skip lets requests through before the fault applies', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ path: `/datasets/${datasetId}/versions`, skip: 1, times: 1, status: 500 })
    const statuses = []
    for (let i = 0; i < 3; i++)
      statuses.push((await api(emulator(), 'GET', `/datasets/${datasetId}/versions`)).status)
    expect(statuses).toEqual([200, 500, 200])
  })

  test('resetAfterApply carries the request out and drops the answer', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
    emulator().inject({ method: 'DELETE', resetAfterApply: true })
    await expect(
      api(emulator(), 'DELETE', `/datasets/${datasetId}/versions/${seeded!.version}`)
    ).rejects.toThrow()
    expect(emulator().store.versions(datasetId)).toHaveLength(0)
  })
})

describe('persistence and seeding', () => {
  test('state saved to a file is there after a restart', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'emu-')), 'state.json')
    const first = await startEmulator({ dataFile, apiKeys: ['k'] })
    const datasetId = first.store.createDataset({ name: 'kept' }).id
    await api(first, 'POST', `/datasets/${datasetId}/versions`, { body: { message: 'survives' } })
    await first.close()
    expect(JSON.parse(await readFile(dataFile, 'utf8')).datasets).toHaveLength(1)
    const second = await startEmulator({ dataFile, apiKeys: ['k'] })
    const listed = await api(second, 'GET', `/datasets/${datasetId}/versions`)
    expect(listed.body.items.map((v: { message: string }) => v.message)).toEqual(['survives'])
    await second.close()
  })

  test('seeded versions get the ages and states asked for', () => {
    const datasetId = freshDataset(emulator())
    const now = Date.now()
    const [version] = emulator().store.seedVersions(
      datasetId,
      [{ ageMs: 3 * DAY, modifiedAgeMs: HOUR, isCommitted: true, usageBytes: '42', tags: ['t'] }],
      now
    )
    expect(version).toMatchObject({
      isCommitted: true,
      usageBytes: '42',
      tags: ['t'],
      dtCreated: new Date(now - 3 * DAY).toISOString(),
      dtModified: new Date(now - HOUR).toISOString()
    })
  })

  test('generated histories are deterministic for a seed', () => {
    const a = history({ count: 50, spanMs: DAY, seed: 3 })
    expect(history({ count: 50, spanMs: DAY, seed: 3 })).toEqual(a)
    expect(history({ count: 50, spanMs: DAY, seed: 4 })).not.toEqual(a)
  })
})
