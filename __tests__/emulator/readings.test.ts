import { describe, expect, test } from '@jest/globals'
import { TAGS_FILTERS, type TagsFilter } from '../../emulator/readings.ts'
import { callApi, freshDataset, freshDatasets, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()

describe('the readings the spec leaves open', () => {
  const expected: Record<TagsFilter, string[]> = {
    any: ['onlyaaa', 'onlybbb', 'bothab'],
    all: ['bothab'],
    literal: ['comma'],
    ignored: ['onlyaaa', 'onlybbb', 'bothab', 'comma', 'neither']
  }
  test.each(TAGS_FILTERS)('tagsFilter %s decides what tags=a,b lists', async reading => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [
      { version: 'onlyaaa', ageMs: 1, tags: ['a'] },
      { version: 'onlybbb', ageMs: 2, tags: ['b', 'c'] },
      { version: 'bothab', ageMs: 3, tags: ['b', 'a'] },
      { version: 'comma', ageMs: 4, tags: ['a,b'] },
      { version: 'neither', ageMs: 5, tags: [] }
    ])
    emulator().store.readings.tagsFilter = reading
    const page = await callApi(emulator(), 'GET', `/datasets/${datasetId}/versions?tags=a,b`)
    expect(page.body.items.map((v: { version: string }) => v.version)).toEqual(expected[reading])
  })

  test('privateListsPublic lists public datasets for privacy=PRIVATE, and PUBLIC only those', async () => {
    const [mine, open] = freshDatasets(emulator(), 2, i => ({ isPublic: i === 1, ageMs: 2 - i }))
    const ids = async (query: string) =>
      (await callApi(emulator(), 'GET', `/datasets?order=asc${query}`)).body.items
        .map((d: { id: string }) => d.id)
        .filter((id: string) => id === mine || id === open)
    expect(await ids('&privacy=PRIVATE')).toEqual([mine])
    emulator().store.readings.privateListsPublic = true
    expect(await ids('&privacy=PRIVATE')).toEqual([mine, open])
    expect(await ids('')).toEqual([mine, open])
    expect(await ids('&privacy=PUBLIC')).toEqual([open])
  })

  test('listsWithoutMetadata lists metadata: null, and a GET still returns it', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [{ version: 'marked1', ageMs: 1, metadata: { k: 1 } }])
    emulator().store.readings.listsWithoutMetadata = true
    const page = await callApi(emulator(), 'GET', `/datasets/${datasetId}/versions`)
    expect(page.body.items).toEqual([
      expect.objectContaining({ version: 'marked1', metadata: null })
    ])
    const one = await callApi(emulator(), 'GET', `/datasets/${datasetId}/versions/marked1`)
    expect(one.body.metadata).toEqual({ k: 1 })
    expect(emulator().store.versions(datasetId)[0]!.metadata).toEqual({ k: 1 })
  })
})
