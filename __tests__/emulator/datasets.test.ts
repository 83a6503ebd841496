import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { DAY, history } from '../../emulator/seed.ts'
import { startEmulator, type Emulator } from '../../emulator/server.ts'
import { callApi, freshDatasets, walkPages } from '../helpers/emulator.ts'

// One emulator holding exactly these datasets, so listings can be compared with the whole set.
let emulator: Emulator
let privateIds: string[]
let publicIds: string[]

beforeAll(async () => {
  emulator = await startEmulator()
  // 130 private datasets need two pages of 120; ages interleave them with the public ones.
  privateIds = freshDatasets(emulator, 130, i => ({
    name: `private-${i}`,
    ageMs: (2 * i + 1) * 60_000,
    versions: i < 3 ? history({ count: 5, spanMs: DAY, seed: i + 1 }) : []
  }))
  publicIds = freshDatasets(emulator, 5, i => ({
    name: `public-${i}`,
    isPublic: true,
    ageMs: 2 * i * 60_000
  }))
})

afterAll(async () => {
  await emulator.close()
})

describe('GET /datasets', () => {
  test('lists every private dataset once over several pages, newest first, by default', async () => {
    const { items, pages } = await walkPages(emulator, '/datasets', { limit: '120' })
    expect(pages).toBe(2)
    // privateIds[0] is the youngest (smallest age), so newest first is creation-call order.
    expect(items.map(d => d.id)).toEqual(privateIds)
    expect(items.every(d => d.isPublic === false)).toBe(true)
  })

  test('privacy=PRIVATE is the default and PUBLIC lists only public datasets', async () => {
    const explicit = await walkPages(emulator, '/datasets', { privacy: 'PRIVATE', limit: '50' })
    expect(explicit.pages).toBe(3)
    expect(explicit.items.map(d => d.id)).toEqual(privateIds)
    const open = await walkPages(emulator, '/datasets', { privacy: 'PUBLIC', limit: '2' })
    expect(open.pages).toBe(3)
    expect(open.items.map(d => d.id)).toEqual(publicIds)
  })

  test('order=asc walks oldest first', async () => {
    const { items } = await walkPages(emulator, '/datasets', { order: 'asc', limit: '7' })
    expect(items.map(d => d.id)).toEqual([...privateIds].reverse())
  })

  test('items are the documented dataset object', async () => {
    const page = await callApi(emulator, 'GET', '/datasets?limit=1')
    expect(page.status).toBe(200)
    expect(Object.keys(page.body.items[0]).sort()).toEqual(
      [
        'description',
        'dtCreated',
        'dtModified',
        'id',
        'isPublic',
        'name',
        'storageProviderId',
        'teamId'
      ].sort()
    )
    expect(page.body).toMatchObject({ hasMore: true, nextPage: expect.any(String) })
  })

  test('without limit a page holds 20', async () => {
    expect((await callApi(emulator, 'GET', '/datasets')).body.items).toHaveLength(20)
  })

  test('teamId keeps only that team', async () => {
    const own = await callApi(emulator, 'GET', `/datasets?limit=3&teamId=${emulator.store.teamId}`)
    expect(own.body.items).toHaveLength(3)
    const other = await callApi(emulator, 'GET', '/datasets?teamId=teother1')
    expect(other.body).toEqual({ hasMore: false, items: [] })
  })

  test.each([
    ['privacy=private', 'privacy'],
    ['privacy=ALL', 'privacy'],
    ['limit=0', 'limit'],
    ['limit=121', 'limit'],
    ['order=newest', 'order'],
    ['orderBy=name', 'orderBy'],
    ['after=garbage', 'after']
  ])('%s is 400 naming %s', async (query, field) => {
    const answer = await callApi(emulator, 'GET', `/datasets?${query}`)
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      code: 'BAD_REQUEST',
      details: { issues: [{ path: [field] }] }
    })
  })

  test('a cursor from a versions listing, or from the other order, is refused', async () => {
    const versions = await callApi(emulator, 'GET', `/datasets/${privateIds[0]}/versions?limit=1`)
    expect(versions.body.hasMore).toBe(true)
    const mixed = await callApi(emulator, 'GET', `/datasets?after=${versions.body.nextPage}`)
    expect(mixed.status).toBe(400)
    const desc = await callApi(emulator, 'GET', '/datasets?limit=1')
    const flipped = await callApi(
      emulator,
      'GET',
      `/datasets?order=asc&after=${desc.body.nextPage}`
    )
    expect(flipped.status).toBe(400)
  })

  test('GET /datasets/{id} answers the dataset, and 404 for an unknown one', async () => {
    const one = await callApi(emulator, 'GET', `/datasets/${publicIds[1]}`)
    expect(one.body).toMatchObject({ id: publicIds[1], name: 'public-1', isPublic: true })
    expect(await callApi(emulator, 'GET', '/datasets/dsunknown')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'Dataset not found' }
    })
  })

  test('seeded datasets hold their seeded versions', () => {
    expect(emulator.store.versions(privateIds[2]!)).toHaveLength(5)
    expect(emulator.store.versions(privateIds[3]!)).toHaveLength(0)
  })

  test('needs the key like every route', async () => {
    expect((await callApi(emulator, 'GET', '/datasets', { key: null })).status).toBe(401)
    expect(
      (await callApi(emulator, 'GET', `/datasets/${privateIds[0]}`, { key: 'x' })).status
    ).toBe(401)
  })

  test('faults apply to the datasets routes', async () => {
    emulator.inject({ method: 'GET', path: '/datasets', skip: 1, status: 503, retryAfter: '2' })
    try {
      const first = await callApi(emulator, 'GET', '/datasets?limit=120')
      const second = await callApi(emulator, 'GET', `/datasets?after=${first.body.nextPage}`)
      expect(second.status).toBe(503)
      expect(second.headers.get('retry-after')).toBe('2')
      expect((await callApi(emulator, 'GET', `/datasets/${privateIds[0]}`)).status).toBe(200)
    } finally {
      emulator.clearFaults()
    }
  })

  test('a deleted dataset leaves the listing, and a cursor pointing at it still resumes', async () => {
    const extra = freshDatasets(emulator, 3, i => ({ ageMs: 10 * DAY + i }))
    const first = await callApi(emulator, 'GET', '/datasets?order=asc&limit=2')
    expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([extra[2], extra[1]])
    expect((await callApi(emulator, 'DELETE', `/datasets/${extra[1]}`)).status).toBe(200)
    const rest = await callApi(
      emulator,
      'GET',
      `/datasets?order=asc&limit=1&after=${first.body.nextPage}`
    )
    expect(rest.body.items.map((d: { id: string }) => d.id)).toEqual([extra[0]])
    for (const id of [extra[0], extra[2]]) await callApi(emulator, 'DELETE', `/datasets/${id}`)
  })
})
