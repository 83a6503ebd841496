import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { silentLog } from '../../src/shared/log.ts'
import { resolve } from '../../src/operations/resolve.ts'
import { findNewest } from '../../src/paperspace/search.ts'
import type { ResolveSettings } from '../../src/interface/settings.ts'
import { emulatorClient } from '../helpers/client.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { versionFixture } from '../helpers/versions.ts'
import { operationContext } from '../helpers/context.ts'

const emulator = useEmulator()
const client = () => emulatorClient(emulator(), { retries: 0 })
const page = (body: object) => JSON.stringify(body)
const lists = () => emulator().requests.filter(r => r.path.endsWith('/versions'))

function settings(datasetId: string, tags: string[]): ResolveSettings {
  return {
    operation: 'resolve',
    connection: { baseUrl: emulator().url, apiKey: emulator().apiKey, timeoutMs: 5000, retries: 0 },
    datasetId,
    ignored: [],
    tags
  }
}

describe('resolve, against the emulator', () => {
  test('stops at the page with the first match: the 150th newest takes two requests of 120', async () => {
    const datasetId = freshDataset(emulator())
    // 300 versions tagged nightly, newest first in the listing; only the 150th newest is committed.
    const seeds = Array.from({ length: 300 }, (_, i) => ({
      ageMs: (i + 1) * 60_000,
      tags: ['nightly'],
      isCommitted: i === 149
    }))
    const planted = emulator().store.seedVersions(datasetId, seeds)
    emulator().requests.splice(0)
    const result = await resolve(settings(datasetId, ['nightly']), operationContext(client()))
    expect(result.version.version).toBe(planted[149]!.version)
    expect(lists()).toHaveLength(2)
    expect(lists().every(r => r.query.tags === 'nightly' && r.query.order === 'desc')).toBe(true)
    expect(result).toMatchObject({ scanned: 240, listRequests: 2 })
  })

  test('reads to the end when nothing matches, and says how many uncommitted ones carry the tags', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [
      { ageMs: DAY, tags: ['production', 'gpu'] },
      { ageMs: 2 * DAY, tags: ['production'], isCommitted: true }
    ])
    await expect(
      resolve(settings(datasetId, ['production', 'gpu']), operationContext(client()))
    ).rejects.toThrow(
      `No committed version of dataset ${datasetId} carries all of the tags production, gpu ` +
        '(2 versions checked; 1 uncommitted version does, and uncommitted versions are never resolved)'
    )
  })

  test('a dataset without committed versions has nothing to resolve', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
    await expect(resolve(settings(datasetId, []), operationContext(client()))).rejects.toThrow(
      `Dataset ${datasetId} has no committed version (1 version checked)`
    )
    expect(lists()[0]!.query.tags).toBeUndefined()
  })
})

describe('findNewest', () => {
  const committed = (version: string, dtCreated: string) =>
    versionFixture({ version, dtCreated, isCommitted: true })

  test('within a page the latest created match wins, whatever its place', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({
      rawBody: page({
        hasMore: false,
        items: [
          committed('older01', '2026-11-01T10:00:00.000Z'),
          committed('newer01', '2026-11-02T10:00:00.000Z')
        ]
      })
    })
    const search = await findNewest(client(), datasetId, {}, () => true, silentLog)
    expect(search.found?.version).toBe('newer01')
  })

  test('hasMore without a cursor fails rather than ending early', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ rawBody: page({ hasMore: true, items: [], nextPage: null }) })
    await expect(findNewest(client(), datasetId, {}, () => true, silentLog)).rejects.toThrow(
      'page 1 says more versions follow but gives no cursor'
    )
  })

  test('a cursor seen before fails rather than looping', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ rawBody: page({ hasMore: true, items: [], nextPage: 'same' }), times: 2 })
    await expect(findNewest(client(), datasetId, {}, () => true, silentLog)).rejects.toThrow(
      'page 2 repeats an earlier cursor'
    )
  })

  test('a page larger than asked for fails', async () => {
    const datasetId = freshDataset(emulator())
    const items = Array.from({ length: 121 }, (_, i) =>
      versionFixture({ version: `v${String(i).padStart(6, '0')}` })
    )
    emulator().inject({ rawBody: page({ hasMore: false, items }) })
    await expect(findNewest(client(), datasetId, {}, () => true, silentLog)).rejects.toThrow(
      'page 1 holds 121 versions, more than the 120 asked for'
    )
  })
})
