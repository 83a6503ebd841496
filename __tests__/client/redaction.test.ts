import { describe, expect, test } from '@jest/globals'
import { redactor } from '../../src/shared/redact.ts'
import { apiFailure, emulatorClient } from '../helpers/client.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

/** A key with the characters Markdown escapes and JSON may escape (`/` as `\/`). */
const KEY = 'pk_7*Q/x+2Zm_9*R/w+'
const emulator = useEmulator({ apiKeys: [KEY] })
/** The client as a run makes it: one redactor for the run's key. */
const client = () => emulatorClient(emulator(), { redact: redactor([KEY]), retries: 0 })

/** Every part of the key a reader could piece it back together from. */
const leaks = (value: unknown) => {
  const text = JSON.stringify(value)
  return [KEY, KEY.slice(0, 8), KEY.slice(-8)].filter(part => text.includes(part))
}

describe('every string of an answer is redacted where the client reads it', () => {
  test('a version: message, url, tags, and metadata keys and values at any depth', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [
      {
        ageMs: 1000,
        message: `made with ${KEY}`,
        url: `s3://bucket/${KEY}/`,
        tags: ['keep', KEY],
        metadata: { [KEY]: 'as a key', nested: { deep: [`x${KEY}y`] } }
      }
    ])
    const version = await client().getVersion(datasetId, seeded!.version)
    expect(version).toMatchObject({
      message: 'made with ***',
      url: 's3://bucket/***/',
      tags: ['keep', '***'],
      metadata: { '***': 'as a key', nested: { deep: ['x***y'] } }
    })
    const [listed] = (await client().listVersions(datasetId, { limit: 10 })).items
    expect(listed).toEqual(version)
  })

  test('a dataset name', async () => {
    emulator().store.createDataset({ name: `team ${KEY}` })
    const page = await client().listDatasets({ limit: 120 })
    expect(page.items.map(d => d.name)).toContain('team ***')
    expect(leaks(page)).toEqual([])
  })

  test('an error: code, message, and details echoing the key JSON-escaped with \\/', async () => {
    const datasetId = freshDataset(emulator())
    const escaped = KEY.replace(/\//g, '\\/')
    emulator().inject({
      status: 400,
      code: `BAD_${KEY}`,
      message: `rejected ${KEY}`,
      details: { issues: [{ echoed: `{"token":"${escaped}"}`, [KEY]: 1 }] }
    })
    const error = await apiFailure(client().listVersions(datasetId, { limit: 10 }))
    expect(error.code).toBe('BAD_***')
    expect(error.detail).toBe(
      'rejected *** (details: {"issues":[{"echoed":"{\\"token\\":\\"***\\"}","***":1}]})'
    )
    expect(leaks([error.message, error.code, error.detail])).toEqual([])
  })
})
