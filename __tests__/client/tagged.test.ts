import { describe, expect, test } from '@jest/globals'
import { decodeCursor, type ResumePoint } from '../../src/operations/list/cursor.ts'
import { collectTagged, type TaggedListing } from '../../src/operations/list/merge.ts'
import { silentLog } from '../../src/shared/log.ts'
import { ListingError } from '../../src/paperspace/paging.ts'
import { emulatorClient, rejection } from '../helpers/client.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()
const client = () => emulatorClient(emulator(), { retries: 0 })

interface Listed {
  items: { version: string; dtCreated: string }[]
}

/** A page with the versions of each run of equal dtCreated in the opposite order. */
function tiesReversed(body: unknown): unknown {
  const page = body as Listed
  const groups: Listed['items'][] = []
  for (const item of page.items) {
    const group = groups.at(-1)
    if (group?.[0]?.dtCreated === item.dtCreated) group.push(item)
    else groups.push([item])
  }
  return { ...page, items: groups.flatMap(group => group.reverse()) }
}

/** Every page of a list of `tags`, `limit` at a time, each continuing from the last's cursor. */
async function everyPage(
  datasetId: string,
  tags: string[],
  limit: number,
  order: 'asc' | 'desc'
): Promise<TaggedListing[]> {
  const query = { datasetId, tags, order, limit }
  const pages: TaggedListing[] = []
  let resume: ResumePoint | undefined
  for (let i = 0; i < 50; i++) {
    const page = await collectTagged(client(), { ...query, ...(resume && { resume }) }, silentLog)
    pages.push(page)
    if (!page.hasMore) return pages
    const point = decodeCursor(page.nextPage!, query)
    if (typeof point === 'string') throw new Error(`the cursor reads as ${point}`)
    resume = point
  }
  throw new Error('the listing did not end within 50 pages')
}

describe('collectTagged', () => {
  test('[F-reading-ties] ties the API lists in either order come once each, by version ID, across pages', async () => {
    const datasetId = freshDataset(emulator())
    const now = Date.now()
    // Ten versions in two instants, each carrying a, b or both.
    const seeded = emulator().store.seedVersions(
      datasetId,
      Array.from({ length: 10 }, (_, i) => ({
        version: `tie${String(i).padStart(4, '0')}`,
        ageMs: i < 6 ? 60_000 : 30_000,
        tags: [['a'], ['b'], ['a', 'b']][i % 3]!
      })),
      now
    )
    const oldestFirst = seeded.map(v => v.version)
    emulator().inject({ method: 'GET', mapBody: tiesReversed, times: Infinity })
    for (const order of ['desc', 'asc'] as const) {
      const pages = await everyPage(datasetId, ['a', 'b'], 3, order)
      expect(pages.map(p => p.items.length)).toEqual([3, 3, 3, 1])
      expect(pages.flatMap(p => p.items.map(v => v.version))).toEqual(
        order === 'asc' ? oldestFirst : [...oldestFirst].reverse()
      )
    }
  })

  test('[F-list-out-of-order] a listing out of dtCreated order fails the list instead of losing versions', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [
      { ageMs: 3000, tags: ['a'] },
      { ageMs: 2000, tags: ['a'] },
      { ageMs: 1000, tags: ['b'] }
    ])
    emulator().inject({
      method: 'GET',
      mapBody: body => ({ ...(body as Listed), items: [...(body as Listed).items].reverse() })
    })
    const error = await rejection(
      collectTagged(client(), { datasetId, tags: ['a', 'b'], order: 'desc', limit: 10 }, silentLog),
      ListingError
    )
    expect(error.message).toBe(
      'The listing is unusable: page 1 of the versions tagged a is not in dtCreated order, so merging it with the other tags would lose versions'
    )
  })

  test('versions listed for a tag they do not carry are counted and left out', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [
      { ageMs: 3000, tags: ['a'] },
      { ageMs: 2000, tags: ['c'] },
      { ageMs: 1000, tags: ['b'] }
    ])
    emulator().store.readings.tagsFilter = 'ignored'
    const listing = await collectTagged(
      client(),
      { datasetId, tags: ['a', 'b'], order: 'desc', limit: 10 },
      silentLog
    )
    expect(listing.items.map(v => v.tags)).toEqual([['b'], ['a']])
    // Each walk saw the two versions without its tag.
    expect(listing).toMatchObject({ dropped: 4, hasMore: false, nextPage: null, pages: 2 })
  })
})
