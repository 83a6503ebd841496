import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { DAY, HOUR } from '../../emulator/seed.ts'
import type { Version, VersionSeed } from '../../emulator/store.ts'
import { callApi, freshDataset, useEmulator, walkPages } from '../helpers/emulator.ts'

const emulator = useEmulator()

/** The listing order spelled out independently: by time, then ID by code unit; desc reverses. */
function expected(versions: Version[], order: 'asc' | 'desc', tags: string[]): string[] {
  const kept = versions.filter(v => tags.length === 0 || v.tags.some(t => tags.includes(t)))
  const keyed = kept.map(v => ({ t: new Date(v.dtCreated).getTime(), id: v.version }))
  keyed.sort((a, b) => (a.t !== b.t ? a.t - b.t : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const ids = keyed.map(k => k.id)
  return order === 'asc' ? ids : ids.reverse()
}

const seedArbitrary = fc.record({
  // Few distinct ages, so many versions share a dtCreated and the tie-break matters.
  ageMs: fc.integer({ min: 0, max: 5 }).map(n => n * HOUR),
  tags: fc.subarray(['a', 'b', 'c'])
})

describe('pages over the ordered index', () => {
  test('walking every page gives each matching version once, in order (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(seedArbitrary, { maxLength: 60 }),
        fc.constantFrom('asc' as const, 'desc' as const),
        fc.integer({ min: 1, max: 25 }),
        fc.subarray(['a', 'b', 'c'], { maxLength: 2 }),
        async (seeds: VersionSeed[], order, limit, tags) => {
          const datasetId = freshDataset(emulator())
          const versions = emulator().store.seedVersions(datasetId, seeds)
          const { items, pages } = await walkPages(emulator(), `/datasets/${datasetId}/versions`, {
            order,
            limit: String(limit),
            ...(tags.length > 0 && { tags: tags.join(',') })
          })
          const want = expected(versions, order, tags)
          expect(items.map(v => v.version)).toEqual(want)
          expect(pages).toBe(Math.max(1, Math.ceil(want.length / limit)))
        }
      ),
      { numRuns: 40 }
    )
  })

  test('a version created during a walk appears at the end of an asc walk, not in a desc one', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(
      datasetId,
      Array.from({ length: 6 }, (_, i) => ({ ageMs: (i + 1) * DAY }))
    )
    const path = `/datasets/${datasetId}/versions`
    const asc = await callApi(emulator(), 'GET', `${path}?order=asc&limit=3`)
    const desc = await callApi(emulator(), 'GET', `${path}?order=desc&limit=3`)
    const created = emulator().store.createVersion(datasetId, { message: 'new' })
    const ascRest = await callApi(
      emulator(),
      'GET',
      `${path}?order=asc&limit=5&after=${asc.body.nextPage}`
    )
    expect(ascRest.body.items.map((v: Version) => v.version).at(-1)).toBe(created.version)
    const descRest = await callApi(
      emulator(),
      'GET',
      `${path}?order=desc&limit=5&after=${desc.body.nextPage}`
    )
    expect(descRest.body.items.map((v: Version) => v.version)).not.toContain(created.version)
    expect(descRest.body.items).toHaveLength(3)
  })

  test('a deleted version leaves every later page, and store.versions lists oldest first', async () => {
    const datasetId = freshDataset(emulator())
    const seeded = emulator().store.seedVersions(
      datasetId,
      Array.from({ length: 10 }, (_, i) => ({ ageMs: (10 - i) * HOUR }))
    )
    emulator().store.deleteVersion(datasetId, seeded[4]!.version)
    const { items } = await walkPages(emulator(), `/datasets/${datasetId}/versions`, {
      limit: '3',
      order: 'asc'
    })
    const want = seeded.filter((_, i) => i !== 4).map(v => v.version)
    expect(items.map(v => v.version)).toEqual(want)
    expect(
      emulator()
        .store.versions(datasetId)
        .map(v => v.version)
    ).toEqual(want)
  })

  test('a filtered page says hasMore only when another match follows', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [
      { ageMs: 1 * HOUR, tags: ['x'] },
      { ageMs: 2 * HOUR, tags: ['x'] },
      ...Array.from({ length: 50 }, (_, i) => ({ ageMs: (3 + i) * HOUR }))
    ])
    const page = await callApi(emulator(), 'GET', `/datasets/${datasetId}/versions?tags=x&limit=2`)
    expect(page.body).toEqual({ hasMore: false, items: [expect.anything(), expect.anything()] })
  })

  test('a 100,000-version dataset pages through in the order it was seeded', async () => {
    const datasetId = freshDataset(emulator())
    const count = 100_000
    // Seeded newest first (descending age), so asc order is the reverse of seeding order.
    const seeded = emulator().store.seedVersions(
      datasetId,
      Array.from({ length: count }, (_, i) => ({ ageMs: (count - i) * 1000 }))
    )
    const path = `/datasets/${datasetId}/versions`
    const first = await callApi(emulator(), 'GET', `${path}?order=asc&limit=120`)
    expect(first.body.items.map((v: Version) => v.version)).toEqual(
      seeded.slice(0, 120).map(v => v.version)
    )
    const newest = await callApi(emulator(), 'GET', `${path}?limit=120`)
    const next = await callApi(emulator(), 'GET', `${path}?limit=120&after=${newest.body.nextPage}`)
    const newestFirst = [...seeded].reverse().map(v => v.version)
    expect(newest.body.items.map((v: Version) => v.version)).toEqual(newestFirst.slice(0, 120))
    expect(next.body.items.map((v: Version) => v.version)).toEqual(newestFirst.slice(120, 240))
  })
})

describe.each([
  ['absent', {}],
  ['null', { nextPage: null }],
  ['empty', { nextPage: '' }]
] as const)('with endCursor %s', (endCursor, end) => {
  const ending = useEmulator({ endCursor })

  test('the last page says that of nextPage; the pages before it keep their cursor', async () => {
    const datasetId = freshDataset(ending())
    ending().store.seedVersions(datasetId, [{ ageMs: HOUR }, { ageMs: 2 * HOUR }, { ageMs: DAY }])
    const path = `/datasets/${datasetId}/versions`
    const first = await callApi(ending(), 'GET', `${path}?limit=2`)
    expect(first.body.nextPage).toMatch(/^[A-Za-z0-9_-]+$/)
    const last = await callApi(ending(), 'GET', `${path}?limit=2&after=${first.body.nextPage}`)
    expect(last.body).toEqual({ hasMore: false, items: [expect.anything()], ...end })
    const datasets = await callApi(ending(), 'GET', '/datasets?teamId=tenone')
    expect(datasets.body).toEqual({ hasMore: false, items: [], ...end })
  })
})
