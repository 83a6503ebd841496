import { describe, expect, test } from '@jest/globals'
import { act, errors, warnings } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { CLOCK_SKEW_MS } from '../../src/operations/create/bounds.ts'

const emulator = useEmulator()
const calls = (method: string) => emulator().requests.filter(r => r.method === method)

describe('a create is made exactly once', () => {
  test.each([
    ['stored the version, then reset the connection', { resetAfterApply: true }],
    ['stored the version, then answered 500', { statusAfterApply: 500 }]
  ])('[F-create-lost-answer] a POST that %s is recovered by its token', async (_name, fault) => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', ...fault })
    const run = await act(emulator(), {
      operation: 'create',
      datasetId,
      metadata: '{"epochs": 3, "github": "mine"}',
      tags: 'nightly'
    })
    expect(run.exitCode).toBe(0)
    const stored = emulator().store.versions(datasetId)
    expect(stored).toHaveLength(1)
    expect(calls('POST')).toHaveLength(1)
    expect(run.outputs).toMatchObject({ version: stored[0]!.version, created: 'true' })
    expect(stored[0]!.metadata).toMatchObject({ epochs: 3, github: 'mine' })
    expect(stored[0]!.tags).toEqual(['nightly'])
    expect(run.summary).toContain("the create's answer was lost")
  })

  test('[F-create-refused] a POST refused with 503 (not stored) is sent again with the same token', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 503 })
    const run = await act(emulator(), { operation: 'create', datasetId, retries: '1' })
    expect(run.exitCode).toBe(0)
    const posts = calls('POST')
    expect(posts).toHaveLength(2)
    const token = (body: unknown) =>
      (body as { metadata: { paperspaceDatasetVersions: { token: string } } }).metadata
        .paperspaceDatasetVersions.token
    expect(token(posts[1]!.body)).toBe(token(posts[0]!.body))
    expect(emulator().store.versions(datasetId)).toHaveLength(1)
    expect(run.outputs.created).toBe('true')
  })

  test('[F-create-refused] with retries 0, a refused POST fails clearly and leaves no version', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 503 })
    const run = await act(emulator(), { operation: 'create', datasetId, retries: '0' })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([
      expect.stringMatching(
        /503 .*No version carries this create's token, so none was created: every version created since the first attempt was sent was searched, the last time 10s or more after it/
      )
    ])
    expect(emulator().store.versions(datasetId)).toHaveLength(0)
  })

  test('[F-create-rerun] running create twice with the same idempotencyKey leaves one version', async () => {
    const datasetId = freshDataset(emulator())
    const inputs = { operation: 'create', datasetId, idempotencyKey: 'run-99-model' }
    const first = await act(emulator(), inputs)
    expect(first.exitCode).toBe(0)
    expect(first.outputs.created).toBe('true')
    const second = await act(emulator(), { ...inputs, commit: 'true' })
    expect(second.exitCode).toBe(0)
    expect(second.outputs).toMatchObject({
      version: first.outputs.version,
      created: 'false',
      isCommitted: 'true'
    })
    expect(emulator().store.versions(datasetId)).toHaveLength(1)
    expect(calls('POST')).toHaveLength(1)
    expect(second.summary).toContain('an earlier run with the same idempotencyKey created it')
    // A different key is a different version.
    const third = await act(emulator(), { ...inputs, idempotencyKey: 'run-100-model' })
    expect(third.outputs.created).toBe('true')
    expect(emulator().store.versions(datasetId)).toHaveLength(2)
  })

  test('[F-create-rerun] a re-run that gives other tags, message or metadata warns they were not applied', async () => {
    const datasetId = freshDataset(emulator())
    const first = {
      operation: 'create',
      datasetId,
      idempotencyKey: 'run-7-model',
      message: 'first try',
      tags: 'a, b',
      metadata: '{"epochs": 10, "lr": {"base": 0.1, "decay": 0.5}}'
    }
    const made = await act(emulator(), first)
    expect(made.outputs.created).toBe('true')
    expect(warnings(made)).toEqual([])
    // The same fields again, tags in another order and metadata keys too: nothing to say.
    const same = await act(emulator(), {
      ...first,
      tags: 'b, a',
      metadata: '{"lr": {"decay": 0.5, "base": 0.1}, "epochs": 10}'
    })
    expect(same.outputs.created).toBe('false')
    expect(warnings(same)).toEqual([])
    const changed = await act(emulator(), { ...first, message: 'second try', tags: 'a, c' })
    expect(changed.exitCode).toBe(0)
    expect(changed.outputs).toMatchObject({ version: made.outputs.version, created: 'false' })
    expect(warnings(changed)).toEqual([
      `idempotencyKey: version ${made.outputs.version} was created by another run with this key and is returned as it is; the message, tags given here differ from its own and were not applied. Use operation: update to change them`
    ])
    const metadata = await act(emulator(), { ...first, metadata: '{"epochs": 20}' })
    expect(warnings(metadata)).toEqual([
      `idempotencyKey: version ${made.outputs.version} was created by another run with this key and is returned as it is; the metadata given here differs from its own and was not applied. Use operation: update to change it`
    ])
    expect(emulator().store.getVersion(datasetId, made.outputs.version!)).toMatchObject({
      message: 'first try',
      tags: ['a', 'b']
    })
  })

  test('[F-create-rerun] an idempotencyKey older than 30 days is not adopted', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [
      {
        ageMs: 31 * 86_400_000,
        metadata: { paperspaceDatasetVersions: { token: 't', idempotencyKey: 'k1' } }
      }
    ])
    const run = await act(emulator(), { operation: 'create', datasetId, idempotencyKey: 'k1' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.created).toBe('true')
    expect(emulator().store.versions(datasetId)).toHaveLength(2)
  })

  test.each([
    ['a control character', 'a\u0007b'],
    ['257 characters', 'k'.repeat(257)]
  ])('an idempotencyKey with %s is rejected before any request', async (_name, key) => {
    const datasetId = freshDataset(emulator())
    const run = await act(emulator(), { operation: 'create', datasetId, idempotencyKey: key })
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toMatch(/^Invalid input: idempotencyKey: expected at most 256/)
    expect(emulator().requests).toEqual([])
  })
})

describe('[F-create-unlisted-metadata] a create is made once when listed versions carry metadata: null', () => {
  const gets = (datasetId: string) =>
    calls('GET')
      .filter(r => r.path.startsWith(`/datasets/${datasetId}/versions/`))
      .map(r => r.path.split('/').at(-1))

  test('a POST that stored the version and answered 500 is found by reading it', async () => {
    const datasetId = freshDataset(emulator())
    // Created an hour before the POST: too old to be this create's, so it is not read.
    const [older] = emulator().store.seedVersions(datasetId, [{ ageMs: 3_600_000 }])
    emulator().store.readings.listsWithoutMetadata = true
    emulator().inject({ method: 'POST', statusAfterApply: 500 })
    const run = await act(emulator(), { operation: 'create', datasetId, tags: 'nightly' })
    expect(errors(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const made = emulator()
      .store.versions(datasetId)
      .filter(v => v !== older)
    expect(made).toHaveLength(1)
    expect(calls('POST')).toHaveLength(1)
    expect(run.outputs).toMatchObject({ version: made[0]!.version, created: 'true' })
    expect(gets(datasetId)).toEqual([made[0]!.version])
  })

  test('re-running with the same idempotencyKey reads the listed version and adopts it', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.readings.listsWithoutMetadata = true
    const inputs = { operation: 'create', datasetId, idempotencyKey: 'run-7-model' }
    const first = await act(emulator(), inputs)
    expect(first.outputs.created).toBe('true')
    const second = await act(emulator(), inputs)
    expect(errors(second)).toEqual([])
    expect(second.outputs).toMatchObject({ version: first.outputs.version, created: 'false' })
    expect(emulator().store.versions(datasetId)).toHaveLength(1)
    expect(calls('POST')).toHaveLength(1)
  })

  test('the idempotencyKey search reads at most 20 of them and warns that it stopped', async () => {
    const datasetId = freshDataset(emulator())
    const seeded = emulator().store.seedVersions(
      datasetId,
      Array.from({ length: 25 }, (_, i) => ({ ageMs: (i + 1) * 60_000, metadata: { i } }))
    )
    emulator().store.readings.listsWithoutMetadata = true
    const run = await act(emulator(), { operation: 'create', datasetId, idempotencyKey: 'k2' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.created).toBe('true')
    const reads = gets(datasetId)
    // The key search, newest first: the 20 youngest of those listed.
    expect(reads.slice(0, 20)).toEqual(seeded.slice(0, 20).map(v => v.version))
    // The look after the create: its own version and those made within the clock-skew allowance
    // before the run, any of which could be another run's with the key.
    const recent = seeded.filter((_, i) => (i + 1) * 60_000 < CLOCK_SKEW_MS)
    expect(reads.slice(20)).toEqual([run.outputs.version, ...recent.map(v => v.version)])
    expect(warnings(run)).toEqual([
      'idempotencyKey: 25 versions were listed without their metadata; the newest 20 were read ' +
        'one by one, and an earlier version with this key among the other 5 would not be found'
    ])
  })

  test('a lost create is not sent again when more of them were made since than it reads', async () => {
    const datasetId = freshDataset(emulator())
    // Made by others a moment ago, inside the clock-skew allowance: any could be this create's.
    emulator().store.seedVersions(
      datasetId,
      Array.from({ length: 25 }, (_, i) => ({ ageMs: 1000 + i }))
    )
    emulator().store.readings.listsWithoutMetadata = true
    emulator().inject({ method: 'POST', status: 500 })
    const run = await act(emulator(), { operation: 'create', datasetId })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([
      expect.stringMatching(
        /500 .*The version may have been created: 25 versions created since it was sent were listed without their metadata and only 20 were read, so it is not sent again/
      )
    ])
    expect(calls('POST')).toHaveLength(1)
    expect(gets(datasetId)).toHaveLength(20)
    expect(emulator().store.versions(datasetId)).toHaveLength(25)
  })
})

describe('a commit is confirmed', () => {
  function uncommitted(): { datasetId: string; version: string } {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 60_000 }])
    return { datasetId, version: seeded!.version }
  }

  test('[F-commit-lost-answer] a PUT applied whose answer was lost succeeds after a confirming read', async () => {
    const { datasetId, version } = uncommitted()
    emulator().inject({ method: 'PUT', resetAfterApply: true })
    const run = await act(emulator(), { operation: 'commit', datasetId, version, retries: '0' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.isCommitted).toBe('true')
    const methods = emulator().requests.map(r => r.method)
    expect(methods).toEqual(['GET', 'PUT', 'GET'])
    expect(run.summary).toContain('confirmed by reading it back')
  })

  test('[F-commit-lost-answer] a retried PUT refused because the first one committed succeeds after a read', async () => {
    const { datasetId, version } = uncommitted()
    emulator().inject({ method: 'PUT', resetAfterApply: true })
    emulator().inject({ method: 'PUT', status: 409, message: 'Version is already committed' })
    const run = await act(emulator(), { operation: 'commit', datasetId, version, retries: '1' })
    expect(run.exitCode).toBe(0)
    expect(emulator().requests.map(r => r.method)).toEqual(['GET', 'PUT', 'PUT', 'GET'])
    expect(emulator().store.versions(datasetId)[0]!.isCommitted).toBe(true)
  })

  test('[F-commit-not-taken] a PUT that answers 200 with isCommitted false, and a read that agrees, fails clearly', async () => {
    const { datasetId, version } = uncommitted()
    const stored = emulator().store.versions(datasetId)[0]!
    // Answered without being carried out: the version stays uncommitted.
    emulator().inject({ method: 'PUT', rawBody: JSON.stringify({ ...stored, isCommitted: false }) })
    const variants: Record<string, string>[] = [
      { operation: 'commit', version },
      { operation: 'update', version, commit: 'true', message: 'm' }
    ]
    for (const inputs of variants) {
      const run = await act(emulator(), { datasetId, retries: '0', ...inputs })
      expect(run.exitCode).toBe(1)
      expect(errors(run)).toEqual([
        `Version ${version} is not committed: the PUT answered isCommitted: false, and reading it back shows isCommitted: false`
      ])
      emulator().inject({
        method: 'PUT',
        rawBody: JSON.stringify({ ...stored, isCommitted: false })
      })
    }
    expect(emulator().store.versions(datasetId)[0]!.isCommitted).toBe(false)
  })

  test('[F-commit-not-taken] create with commit: a PUT answering isCommitted false is confirmed by a read', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({
      method: 'PUT',
      mapBody: body => ({ ...(body as object), isCommitted: false })
    })
    const run = await act(emulator(), { operation: 'create', datasetId, commit: 'true' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ isCommitted: 'true', created: 'true' })
    expect(emulator().requests.map(r => r.method)).toEqual(['POST', 'PUT', 'GET'])
  })
})
