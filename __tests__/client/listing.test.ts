import { describe, expect, test } from '@jest/globals'
import { DAY, history } from '../../emulator/seed.ts'
import { silentLog } from '../../src/shared/log.ts'
import { ApiError } from '../../src/paperspace/errors.ts'
import { collectVersions, ListingError } from '../../src/paperspace/paging.ts'
import { emulatorClient } from '../helpers/client.ts'
import { callApi, freshDataset, useEmulator } from '../helpers/emulator.ts'
import { versionFixture } from '../helpers/versions.ts'

const emulator = useEmulator()

const client = () => emulatorClient(emulator(), { retries: 1 })

function seeded(count: number): string {
  const datasetId = freshDataset(emulator())
  emulator().store.seedVersions(datasetId, history({ count, spanMs: 30 * DAY }))
  return datasetId
}

const page = (body: object) => JSON.stringify(body)

describe('collectVersions', () => {
  test('[F-list-pages] 250 of 300 takes three requests of at most 120 and says more remain', async () => {
    const datasetId = seeded(300)
    const listing = await collectVersions(
      client(),
      datasetId,
      { limit: 250, order: 'desc' },
      silentLog
    )
    expect(listing.items).toHaveLength(250)
    expect(listing).toMatchObject({ hasMore: true, pages: 3 })
    expect(emulator().requests.map(r => r.query.limit)).toEqual(['120', '120', '10'])
    expect(emulator().requests.map(r => r.query.after)).toEqual([
      undefined,
      expect.any(String),
      expect.any(String)
    ])

    const rest = await collectVersions(
      client(),
      datasetId,
      { limit: 250, order: 'desc', after: listing.nextPage! },
      silentLog
    )
    expect(rest).toMatchObject({ hasMore: false, nextPage: null })
    const all = [...listing.items, ...rest.items].map(v => v.version)
    expect(new Set(all).size).toBe(300)
  })

  test('an unbounded walk reads every page to the end', async () => {
    const datasetId = seeded(241)
    const listing = await collectVersions(
      client(),
      datasetId,
      { limit: Infinity, order: 'asc' },
      silentLog
    )
    expect(listing.items).toHaveLength(241)
    expect(listing.pages).toBe(3)
    expect(emulator().requests.every(r => r.query.limit === '120')).toBe(true)
  })

  test('[F-list-no-cursor] hasMore without a cursor fails rather than ending early', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({
      rawBody: page({ hasMore: true, items: [versionFixture()], nextPage: null })
    })
    await expect(
      collectVersions(client(), datasetId, { limit: Infinity, order: 'asc' }, silentLog)
    ).rejects.toThrow(
      new ListingError(
        'The listing is incomplete: page 1 says more versions follow but gives no cursor to fetch them'
      )
    )
  })

  test('[F-list-repeated-cursor] a cursor seen before fails rather than looping', async () => {
    const datasetId = freshDataset(emulator())
    const body = (v: string) =>
      page({ hasMore: true, items: [versionFixture({ version: v })], nextPage: 'same' })
    emulator().inject({ rawBody: body('aaaaaaa') })
    emulator().inject({ rawBody: body('bbbbbbb') })
    await expect(
      collectVersions(client(), datasetId, { limit: Infinity, order: 'asc' }, silentLog)
    ).rejects.toThrow('page 2 repeats an earlier cursor')
  })

  test('[F-list-duplicate] a version seen on two pages is counted once', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({
      rawBody: page({ hasMore: true, items: [versionFixture()], nextPage: 'c1' })
    })
    emulator().inject({
      rawBody: page({
        hasMore: false,
        items: [versionFixture(), versionFixture({ version: 'x2' })]
      })
    })
    const listing = await collectVersions(
      client(),
      datasetId,
      { limit: Infinity, order: 'asc' },
      silentLog
    )
    expect(listing.items.map(v => v.version)).toEqual(['abc1234', 'x2'])
  })

  test('[F-list-oversized-page] a page larger than asked for fails', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({
      rawBody: page({
        hasMore: false,
        items: [versionFixture(), versionFixture({ version: 'x2' })]
      })
    })
    await expect(
      collectVersions(client(), datasetId, { limit: 1, order: 'asc' }, silentLog)
    ).rejects.toThrow('page 1 holds 2 versions, more than the 1 asked for')
  })

  test('[F-list-page-fails] a page that fails after its retries fails the walk', async () => {
    const datasetId = seeded(200)
    emulator().inject({
      method: 'GET',
      when: r => r.query.after !== undefined,
      status: 500,
      times: Infinity
    })
    const walk = collectVersions(client(), datasetId, { limit: Infinity, order: 'asc' }, silentLog)
    await expect(walk).rejects.toBeInstanceOf(ApiError)
    expect(emulator().requests.map(r => r.status)).toEqual([200, 500, 500])
  })
})

describe.each([
  ['left out', 'absent', undefined],
  ['null', 'null', null],
  ['""', 'empty', '']
] as const)('a last page whose nextPage is %s', (_name, endCursor, sent) => {
  const ending = useEmulator({ endCursor })

  test('ends the walk with every version, once', async () => {
    const datasetId = freshDataset(ending())
    ending().store.seedVersions(datasetId, history({ count: 241, spanMs: 30 * DAY }))
    const listing = await collectVersions(
      emulatorClient(ending()),
      datasetId,
      { limit: Infinity, order: 'asc' },
      silentLog
    )
    expect(listing).toMatchObject({ hasMore: false, nextPage: null, pages: 3 })
    expect(new Set(listing.items.map(v => v.version)).size).toBe(241)
    // The last page the client read, asked again: it carried the form this test is about.
    const { query } = ending().requests.at(-1)!
    const last = await callApi(
      ending(),
      'GET',
      `/datasets/${datasetId}/versions?${new URLSearchParams(query).toString()}`
    )
    expect(last.body.hasMore).toBe(false)
    expect(last.body.nextPage).toBe(sent)
    expect('nextPage' in last.body).toBe(sent !== undefined)
  })
})
