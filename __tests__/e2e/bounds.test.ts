import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { act, errors } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

/** Resources stay bounded whatever the API sends: body size, empty pages, metadata depth. */
const emulator = useEmulator()
const MiB = 1024 * 1024

describe('[F-body-too-large] a response body larger than 64 MiB is refused with memory bounded', () => {
  test('streamed without a length: 100 MiB fails clearly, reading stops early', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'GET', streamBytes: 100 * MiB })
    const run = await act(
      emulator(),
      { operation: 'list', datasetId, retries: '0' },
      {},
      { measureMemory: true }
    )
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([
      `GET /datasets/${datasetId}/versions failed: RESPONSE_TOO_LARGE: the response body is larger than the 64 MiB this action reads; more than that arrived`
    ])
    // Reading a body whole costs about seven times its size (a 60 MiB one peaks near 430 MiB);
    // refused at 64 MiB, the peak stays near 240 MiB whether 100 or 200 MiB are sent.
    expect(run.peakRssKiB).toBeGreaterThan(0)
    expect(run.peakRssKiB! * 1024).toBeLessThan(400 * MiB)
  })

  test('declared by Content-Length: refused before the body is read', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'GET', streamBytes: 100 * MiB, streamDeclaresLength: true })
    const run = await act(emulator(), { operation: 'list', datasetId }, {}, { measureMemory: true })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([
      `GET /datasets/${datasetId}/versions failed: RESPONSE_TOO_LARGE: the response body is larger than the 64 MiB this action reads; it declares ${100 * MiB} bytes`
    ])
    // Not retried: a second attempt would be just as large.
    expect(emulator().requests).toHaveLength(1)
    // Read whole, 100 MiB would peak near 700 MiB; refused at once it stays near the 80 MiB of a
    // small request (the bound leaves room for a busy machine's garbage collector).
    expect(run.peakRssKiB! * 1024).toBeLessThan(250 * MiB)
  })

  test('a body just under the limit is read', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'GET', streamBytes: 2 * MiB })
    const run = await act(emulator(), { operation: 'list', datasetId })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.count).toBe('0')
  })
})

describe('[F-list-endless] a listing of empty pages that keep promising more', () => {
  test('stops after 3 of them with a clear error, even for a list with limit 10', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'GET', endlessEmptyPages: true, times: Infinity })
    const run = await act(emulator(), { operation: 'list', datasetId, limit: '10' })
    expect(run.exitCode).toBe(1)
    expect(emulator().requests).toHaveLength(3)
    expect(errors(run)).toEqual([
      'The listing is unusable: 3 pages in a row (up to page 3) held no versions yet said more follow'
    ])
  })

  test('a cleanup deletes nothing', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [{ ageMs: 10 * DAY }])
    emulator().inject({ method: 'GET', endlessEmptyPages: true, skip: 1, times: Infinity })
    const run = await act(emulator(), { operation: 'cleanup', datasetId, olderThan: '1d' })
    expect(run.exitCode).toBe(1)
    expect(emulator().requests.filter(r => r.method === 'DELETE')).toEqual([])
    expect(emulator().store.versions(datasetId)).toHaveLength(1)
  })
})

describe('[F-deep-metadata] metadata nested too deep', () => {
  const deepJson = (levels: number) =>
    `${'{"a":'.repeat(levels - 1)}{"leaf":1}${'}'.repeat(levels - 1)}`

  test('as an input: refused before any request, naming metadata', async () => {
    const datasetId = freshDataset(emulator())
    const run = await act(emulator(), { operation: 'create', datasetId, metadata: deepJson(33) })
    expect(run.exitCode).toBe(1)
    expect(emulator().requests).toEqual([])
    expect(errors(run)).toEqual([
      'Invalid input: metadata: nested more than 32 levels deep (objects and arrays within each other); flatten it'
    ])
    const ok = await act(emulator(), { operation: 'create', datasetId, metadata: deepJson(32) })
    expect(ok.exitCode).toBe(0)
  })

  test('from the API, 5,000 levels: outputs, summary and result file are written, cut with a marker', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
    const { metadata: _m, ...fields } = seeded!
    const body = JSON.stringify(fields).replace(/}$/, `,"metadata":${deepJson(5000)}}`)
    emulator().inject({ method: 'GET', rawBody: body })
    const run = await act(emulator(), {
      operation: 'get',
      datasetId,
      version: seeded!.version
    })
    expect(run.stderr).not.toMatch(/RangeError|Maximum call stack/)
    expect(run.exitCode).toBe(0)
    const json = JSON.parse(run.outputs.json!)
    let level = json.metadata
    for (let i = 1; i < 32; i++) level = level.a
    expect(level).toEqual({ a: '[nested deeper than 32 levels: not shown]' })
    expect(run.summary).toContain('nested deeper than 32 levels')
    expect(JSON.parse(run.resultFile!).version).toEqual(json)
  })
})
