import { describe, expect, test } from '@jest/globals'
import { TAGS_FILTERS } from '../../emulator/readings.ts'
import type { Version } from '../../emulator/store.ts'
import { act, errors } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()
const MINUTE = 60_000

/**
 * Versions carrying a, b, both, neither, and a tag literally named "a,b"; three carriers share
 * one dtCreated (a tie group that a page of two splits), and so do a carrier and a non-carrier.
 */
function seedTagged(datasetId: string): Version[] {
  const now = Date.now()
  return emulator().store.seedVersions(
    datasetId,
    [
      { version: 'v01aaaa', ageMs: 9 * MINUTE, tags: ['a'] },
      { version: 'v02bbbb', ageMs: 8 * MINUTE, tags: ['b', 'x'] },
      { version: 'v03none', ageMs: 7 * MINUTE, tags: ['x'] },
      { version: 'v04both', ageMs: 6 * MINUTE, tags: ['b', 'a'] },
      { version: 'v05tiea', ageMs: 5 * MINUTE, tags: ['a'] },
      { version: 'v06tieb', ageMs: 5 * MINUTE, tags: ['b'] },
      { version: 'v07tiec', ageMs: 5 * MINUTE, tags: ['a', 'b'] },
      { version: 'v08coma', ageMs: 4 * MINUTE, tags: ['a,b'] },
      { version: 'v09tien', ageMs: 3 * MINUTE, tags: [] },
      { version: 'v10tiea', ageMs: 3 * MINUTE, tags: ['a'] },
      { version: 'v11bbbb', ageMs: 2 * MINUTE, tags: ['b'] }
    ],
    now
  )
}

/** The IDs of the versions carrying a or b, oldest first (ties by ID), as the store holds them. */
function carriers(datasetId: string): string[] {
  return emulator()
    .store.versions(datasetId)
    .filter(v => v.tags.includes('a') || v.tags.includes('b'))
    .map(v => v.version)
}

const ids = (versions: string | undefined): string[] =>
  (JSON.parse(versions!) as { version: string }[]).map(v => v.version)

/** Pages through `list` with `inputs`, feeding each nextPage back as after. */
async function pageThrough(inputs: Record<string, string>): Promise<string[][]> {
  const pages: string[][] = []
  let after: string | undefined
  for (let i = 0; i < 20; i++) {
    const run = await act(emulator(), { operation: 'list', ...inputs, ...(after && { after }) })
    expect(errors(run)).toEqual([])
    const page = ids(run.outputs.versions)
    pages.push(page)
    expect(run.outputs.count).toBe(String(page.length))
    if (run.outputs.hasMore === 'false') {
      expect(run.outputs.nextPage).toBe('')
      return pages
    }
    expect(page).toHaveLength(Number(inputs.limit))
    after = run.outputs.nextPage
  }
  throw new Error('the listing did not end within 20 pages')
}

describe.each(TAGS_FILTERS)('list with tags: a, b when the API reads tags=a,b as %s', reading => {
  test('[F-reading-tags-filter] returns exactly the versions carrying a or b, newest first, then oldest first', async () => {
    const datasetId = freshDataset(emulator())
    seedTagged(datasetId)
    emulator().store.readings.tagsFilter = reading
    const expected = carriers(datasetId)
    expect(expected).toHaveLength(8)

    const newest = await act(emulator(), { operation: 'list', datasetId, tags: 'a, b' })
    expect(errors(newest)).toEqual([])
    expect(ids(newest.outputs.versions)).toEqual([...expected].reverse())
    expect(newest.outputs).toMatchObject({ count: '8', hasMore: 'false', nextPage: '' })
    // One listing per tag, each asked for that tag alone.
    expect(
      emulator()
        .requests.map(r => r.query.tags)
        .sort()
    ).toEqual(['a', 'b'])

    const oldest = await act(emulator(), {
      operation: 'list',
      datasetId,
      tags: 'b,a',
      order: 'asc'
    })
    expect(ids(oldest.outputs.versions)).toEqual(expected)
    expect(oldest.outputs).toMatchObject({ count: '8', hasMore: 'false' })
  })

  test.each(['desc', 'asc'])(
    'paging %s with limit 3 and nextPage as after returns each once, in order',
    async order => {
      const datasetId = freshDataset(emulator())
      seedTagged(datasetId)
      emulator().store.readings.tagsFilter = reading
      const expected = carriers(datasetId)
      const pages = await pageThrough({ datasetId, tags: 'a, b', limit: '3', order })
      expect(pages.map(p => p.length)).toEqual([3, 3, 2])
      expect(pages.flat()).toEqual(order === 'asc' ? expected : [...expected].reverse())
    }
  )

  test('with one tag, only versions carrying it, and hasMore only when one follows', async () => {
    const datasetId = freshDataset(emulator())
    seedTagged(datasetId)
    emulator().store.readings.tagsFilter = reading
    const expected = emulator()
      .store.versions(datasetId)
      .filter(v => v.tags.includes('b'))
      .map(v => v.version)
      .reverse()
    const all = await act(emulator(), { operation: 'list', datasetId, tags: 'b' })
    expect(ids(all.outputs.versions)).toEqual(expected)
    const last = await act(emulator(), { operation: 'list', datasetId, tags: 'b', order: 'asc' })
    expect(ids(last.outputs.versions)).toEqual([...expected].reverse())
    const pages = await pageThrough({ datasetId, tags: 'b', limit: '4' })
    expect(pages.flat()).toEqual(expected)
    expect(pages.map(p => p.length)).toEqual([4, 1])
  })
})

describe('list with several tags, page by page', () => {
  test('a version created between two pages is returned once, at its place', async () => {
    const datasetId = freshDataset(emulator())
    seedTagged(datasetId)
    const before = carriers(datasetId)
    const first = await act(emulator(), {
      operation: 'list',
      datasetId,
      tags: 'a, b',
      limit: '3',
      order: 'asc'
    })
    const [added] = emulator().store.seedVersions(datasetId, [
      { version: 'v12newr', ageMs: 0, tags: ['a', 'b'] }
    ])
    const rest = await pageThrough({
      datasetId,
      tags: 'a, b',
      limit: '3',
      order: 'asc',
      after: first.outputs.nextPage!
    })
    expect([...ids(first.outputs.versions), ...rest.flat()]).toEqual([...before, added!.version])
  })

  test('newest first, one created between two pages is newer than the pages still to come', async () => {
    const datasetId = freshDataset(emulator())
    seedTagged(datasetId)
    const before = carriers(datasetId).reverse()
    const first = await act(emulator(), { operation: 'list', datasetId, tags: 'a, b', limit: '3' })
    emulator().store.seedVersions(datasetId, [{ ageMs: 0, tags: ['a'] }])
    const rest = await pageThrough({
      datasetId,
      tags: 'a, b',
      limit: '3',
      after: first.outputs.nextPage!
    })
    expect([...ids(first.outputs.versions), ...rest.flat()]).toEqual(before)
  })
})

describe('a cursor list cannot continue from is refused before any request', () => {
  async function cursors(datasetId: string): Promise<{ own: string; api: string }> {
    seedTagged(datasetId)
    const own = await act(emulator(), { operation: 'list', datasetId, tags: 'a, b', limit: '2' })
    const api = await act(emulator(), { operation: 'list', datasetId, tags: 'a', limit: '2' })
    emulator().requests.splice(0)
    return { own: own.outputs.nextPage!, api: api.outputs.nextPage! }
  }

  const continuesAnother =
    'after: this cursor continues another listing (another datasetId, tags or order)'
  test.each<
    [string, (c: { own: string; api: string }, ds: string) => Record<string, string>, string]
  >([
    [
      'from another dataset',
      c => ({ after: c.own, tags: 'a, b', datasetId: 'dsother000000' }),
      continuesAnother
    ],
    ['from other tags', c => ({ after: c.own, tags: 'a, c' }), continuesAnother],
    ['from another order', c => ({ after: c.own, tags: 'a, b', order: 'asc' }), continuesAnother],
    ['given with one tag', c => ({ after: c.own, tags: 'a' }), continuesAnother],
    ['given without tags', c => ({ after: c.own }), continuesAnother],
    [
      "of the API's own, given with several tags",
      c => ({ after: c.api, tags: 'a, b' }),
      "after: with several tags, list continues only from its own cursor, not one of the API's"
    ],
    [
      'that is damaged',
      c => ({ after: `${c.own.slice(0, -6)}AAAAAA`, tags: 'a, b' }),
      'after: this cursor is damaged'
    ],
    [
      'that is not base64 JSON',
      () => ({ after: 'pdv1.bm90IGpzb24', tags: 'a, b' }),
      'after: this cursor is damaged'
    ]
  ])('a cursor %s', async (_name, inputs, message) => {
    const datasetId = freshDataset(emulator())
    const given = inputs(await cursors(datasetId), datasetId)
    const run = await act(emulator(), { operation: 'list', datasetId, ...given })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([expect.stringContaining(`Invalid input: ${message}`)])
    expect(errors(run)[0]).toContain(
      'give the nextPage output of an earlier list with the same datasetId, tags and order, or leave after empty to start over'
    )
    expect(emulator().requests).toEqual([])
  })

  test('the same tags in another order are the same listing', async () => {
    const datasetId = freshDataset(emulator())
    const { own } = await cursors(datasetId)
    const run = await act(emulator(), { operation: 'list', datasetId, tags: 'b,a', after: own })
    expect(errors(run)).toEqual([])
    expect(ids(run.outputs.versions)).toEqual(carriers(datasetId).reverse().slice(2))
  })
})
