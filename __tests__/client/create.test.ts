import { describe, expect, test } from '@jest/globals'
import type { Store, Version } from '../../emulator/store.ts'
import { SEARCH_PAGES } from '../../src/operations/create/bounds.ts'
import { create } from '../../src/operations/create/create.ts'
import { MAX_PAGE_SIZE } from '../../src/paperspace/client.ts'
import type { CreateSettings } from '../../src/interface/settings.ts'
import { CancelledError } from '../../src/shared/cancel.ts'
import { ActionError } from '../../src/shared/errors.ts'
import { emulatorClient, rejection } from '../helpers/client.ts'
import { manualClock, operationContext } from '../helpers/context.ts'
import { freshDataset, heldClock, useEmulator } from '../helpers/emulator.ts'
import { eventually } from '../helpers/eventually.ts'
import { recordingLog } from '../helpers/log.ts'
import { notOthers, othersMade, othersMadeBeforeTheSearch } from '../helpers/others.ts'

const emulator = useEmulator()

const posts = () => emulator().requests.filter(r => r.method === 'POST')
const methods = () => emulator().requests.map(r => r.method)
const listings = (datasetId: string) =>
  emulator().requests.filter(
    r => r.method === 'GET' && r.path === `/datasets/${datasetId}/versions`
  )

interface Marked {
  metadata: { paperspaceDatasetVersions: { token: string; idempotencyKey?: string } }
}
const tokenOf = (body: unknown) => (body as Marked).metadata.paperspaceDatasetVersions.token

function connection(retries: number, target = emulator()): CreateSettings['connection'] {
  return { baseUrl: target.url, apiKey: target.apiKey, timeoutMs: 5000, retries }
}

function settings(datasetId: string, overrides: Partial<CreateSettings> = {}): CreateSettings {
  return {
    operation: 'create',
    connection: connection(1),
    datasetId,
    ignored: [],
    changes: {},
    commit: false,
    provenance: false,
    ...overrides
  }
}

/**
 * Runs create on a clock that never waits, from now (versions the emulator makes are dated by the
 * real clock). `onSleep` is told how many waits have begun, the one beginning included.
 */
function start(
  given: CreateSettings,
  onSleep: (sleeps: number) => void = () => {},
  signal?: AbortSignal
) {
  const clock = manualClock({ start: Date.now(), onSleep: () => onSleep(clock.slept.length) })
  const log = recordingLog()
  const context = operationContext(emulatorClient(emulator()), {
    clock,
    log,
    ...(signal && { signal })
  })
  return { clock, log, result: create(given, context) }
}

/**
 * The API carries out the first POST now, late, as it does an attempt the client gave up on. It
 * is dated a millisecond after now (`later`) or before, so that it is surely later or earlier than
 * a version the retry makes within the same millisecond.
 */
function landFirstPost(datasetId: string, order: 'later' | 'earlier'): Version {
  const body = posts()[0]!.body as Marked
  const [landed] = emulator().store.seedVersions(datasetId, [
    { ageMs: order === 'later' ? -1 : 1, metadata: body.metadata }
  ])
  return landed!
}

const HOUR = 3_600_000

const NOT_CREATED = /not created|none was created|was not made/

describe('[F-create-stored-late] a create sent again leaves one version, however late the API carries out the first', () => {
  test("an attempt carried out after the retry leaves one version, the retry's, committed after the look", async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 504 })
    let late: Version | undefined
    const { clock, log, result } = start(settings(datasetId, { commit: true }), sleeps => {
      // The second wait is the settling one: the first attempt lands during it.
      if (sleeps === 2) late = landFirstPost(datasetId, 'later')
    })
    const done = await result
    const stored = emulator().store.versions(datasetId)
    expect(stored.map(v => v.version)).toEqual([done.version.version])
    expect(stored[0]!.isCommitted).toBe(true)
    expect(done).toMatchObject({ outcome: 'created-and-committed', created: true })
    expect(done.duplicates).toEqual([{ version: late!.version, status: 'deleted' }])
    // Backoff, then the rest of the 10 s since the first attempt was sent.
    expect(clock.slept).toEqual([1000, 9000])
    // The duplicate goes before the commit: commit is on the version kept.
    expect(methods().lastIndexOf('DELETE')).toBeLessThan(methods().indexOf('PUT'))
    expect(log.at('info')).toContainEqual(
      `Deleted version ${late!.version}, a duplicate carrying this create's token (version ` +
        `${done.version.version}, created first, is kept)`
    )
    expect(log.lines.filter(line => NOT_CREATED.test(line.text))).toEqual([])
  })

  test("an attempt carried out before the retry landed is the earliest: it is kept, the retry's deleted", async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 504 })
    let late: Version | undefined
    const { result } = start(settings(datasetId, { commit: true }), sleeps => {
      if (sleeps === 1) late = landFirstPost(datasetId, 'earlier')
    })
    const done = await result
    const stored = emulator().store.versions(datasetId)
    expect(stored.map(v => v.version)).toEqual([late!.version])
    expect(stored[0]!.isCommitted).toBe(true)
    expect(done).toMatchObject({
      outcome: 'created-and-committed',
      created: true,
      recovered: true,
      version: { version: late!.version }
    })
    expect(done.duplicates).toEqual([
      { version: expect.not.stringMatching(late!.version), status: 'deleted' }
    ])
  })

  test('with retries 0, a POST the API carries out late is found by a last look 10 s after it was sent', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 504 })
    let late: Version | undefined
    const { clock, result } = start(settings(datasetId, { connection: connection(0) }), sleeps => {
      if (sleeps === 1) late = landFirstPost(datasetId, 'earlier')
    })
    const done = await result
    expect(done).toMatchObject({
      created: true,
      recovered: true,
      version: { version: late!.version }
    })
    expect(clock.slept).toEqual([10_000])
    expect(posts()).toHaveLength(1)
  })

  test('a create given up says none was created only after that last look', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 503 })
    const { clock, result } = start(settings(datasetId, { connection: connection(0) }))
    const error = await rejection(result, ActionError)
    expect(error.message).toMatch(
      /503 .*No version carries this create's token, so none was created: every version created since the first attempt was sent was searched, the last time 10s or more after it \(1 attempt; see retries\)$/
    )
    expect(clock.slept).toEqual([10_000])
    expect(listings(datasetId)).toHaveLength(2)
  })

  test('retries whose waits already took 10 s look again at once', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 503, times: 4 })
    const { clock, result } = start(settings(datasetId, { connection: connection(4) }))
    const done = await result
    expect(clock.slept).toEqual([1000, 2000, 4000, 8000])
    expect(done.created).toBe(true)
    expect(done.duplicates).toBeUndefined()
    // Four token searches, then the look for duplicates.
    expect(listings(datasetId)).toHaveLength(5)
    expect(emulator().store.versions(datasetId)).toHaveLength(1)
  })

  test('a cancellation during the settling wait reports the version made, uncommitted, and fails the step', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 504 })
    const cancel = new AbortController()
    const { result } = start(
      settings(datasetId, { commit: true }),
      sleeps => {
        if (sleeps === 2) cancel.abort()
      },
      cancel.signal
    )
    const done = await result
    const [made] = emulator().store.versions(datasetId)
    expect(done).toMatchObject({ outcome: 'created', version: { version: made!.version } })
    expect(done.failure).toBe(
      `Created version ${made!.version}, but could not look for another version made by this ` +
        'create: Cancelled: stopped waiting. A second version made by this create would carry metadata ' +
        `paperspaceDatasetVersions.token ${tokenOf(posts()[0]!.body)}. It was not committed`
    )
    expect(made!.isCommitted).toBe(false)
    // The token search only: nothing was listed once the wait was cancelled.
    expect(listings(datasetId)).toHaveLength(1)
  })
})

describe('[F-create-stored-late] a create given up, and a search that fails', () => {
  test('a cancellation during the last wait fails naming the token, without saying none was created', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 504 })
    const cancel = new AbortController()
    const { result } = start(
      settings(datasetId, { connection: connection(0) }),
      () => cancel.abort(),
      cancel.signal
    )
    const error = await rejection(result, CancelledError)
    expect(error.message).toMatch(
      new RegExp(
        `^Cancelled: POST .* 504 .*; stopped before looking once more for this create's token, so ` +
          `a version may still be made\\. It would carry metadata paperspaceDatasetVersions\\.token ` +
          `${tokenOf(posts()[0]!.body)}$`
      )
    )
    expect(listings(datasetId)).toHaveLength(1)
  })

  test('a token search that fails says the version may have been created, naming the token', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 504 })
    emulator().inject({ method: 'GET', status: 403, code: 'FORBIDDEN', message: 'no' })
    const { result } = start(settings(datasetId))
    const error = await rejection(result, ActionError)
    expect(error.message).toMatch(
      new RegExp(
        `^POST .* 504 .*\\. The version may have been created, but looking for it failed: GET .*403 ` +
          `FORBIDDEN: no.*\\. It would carry metadata paperspaceDatasetVersions\\.token ` +
          `${tokenOf(posts()[0]!.body)}$`
      )
    )
    expect(posts()).toHaveLength(1)
  })
})

describe('[F-create-busy-dataset] versions others make meanwhile do not hide a create', () => {
  test('400 made between a POST whose answer was lost and its search: found, no second POST', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', statusAfterApply: 500 })
    othersMadeBeforeTheSearch(emulator(), datasetId, 400)
    const { result } = start(settings(datasetId))
    const done = await result
    expect(done).toMatchObject({ created: true, recovered: true })
    expect(posts()).toHaveLength(1)
    // Ours is the 401st newest: on the fourth page of 120.
    expect(listings(datasetId)).toHaveLength(4)
    expect(notOthers(emulator(), datasetId).map(v => v.version)).toEqual([done.version.version])
  })

  test('400 made before the search, and the first attempt carried out late: the look reads past them', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 504 })
    othersMadeBeforeTheSearch(emulator(), datasetId, 400)
    let late: Version | undefined
    const { result } = start(settings(datasetId, { commit: true }), sleeps => {
      if (sleeps === 2) late = landFirstPost(datasetId, 'later')
    })
    const done = await result
    expect(notOthers(emulator(), datasetId).map(v => [v.version, v.isCommitted])).toEqual([
      [done.version.version, true]
    ])
    expect(done.duplicates).toEqual([{ version: late!.version, status: 'deleted' }])
  })
})

describe('[F-create-search-cap] a search that reaches its page cap never says nothing was made', () => {
  const CAP = SEARCH_PAGES * MAX_PAGE_SIZE

  test('it says a duplicate may exist, names the token, and sends the create again', async () => {
    const datasetId = freshDataset(emulator())
    othersMade(emulator(), datasetId, CAP + 100)
    emulator().inject({ method: 'POST', status: 503 })
    const { log, result } = start(settings(datasetId))
    const done = await result
    const token = tokenOf(posts()[0]!.body)
    expect(done.created).toBe(true)
    expect(posts()).toHaveLength(2)
    expect(log.at('warning')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^POST .* 503 .*This create's version may exist all the same: only the newest ${CAP} ` +
            `versions were searched \\(at most ${SEARCH_PAGES} pages\\), and more were created .*` +
            `Sending it again \\(retry 1 of 1\\), so a duplicate carrying metadata ` +
            `paperspaceDatasetVersions\\.token ${token} may exist$`
        )
      ),
      `Looking for duplicates of this create: only the newest ${CAP} versions created since it ` +
        `began were searched (at most ${SEARCH_PAGES} pages), so a duplicate carrying metadata ` +
        `paperspaceDatasetVersions.token ${token} may exist`
    ])
    expect(log.lines.filter(line => NOT_CREATED.test(line.text))).toEqual([])
  })

  test('a keyed create says its key search and its look stopped short', async () => {
    const datasetId = freshDataset(emulator())
    othersMade(emulator(), datasetId, CAP + 100)
    const { log, result } = start(settings(datasetId, { idempotencyKey: 'k7' }))
    const done = await result
    expect(done.created).toBe(true)
    expect(log.at('warning')).toEqual([
      `idempotencyKey: searched the newest ${CAP} versions without reaching 30 days back; an ` +
        'older version with this key would not be found',
      `Looking for duplicates of this create: only the newest ${CAP} versions created since it ` +
        `began were searched (at most ${SEARCH_PAGES} pages), so a duplicate carrying metadata ` +
        `paperspaceDatasetVersions.token ${tokenOf(posts()[0]!.body)} or this idempotencyKey may exist`
    ])
  })

  test('with no retry left, the step fails saying the version may have been created', async () => {
    const datasetId = freshDataset(emulator())
    othersMade(emulator(), datasetId, CAP + 100)
    emulator().inject({ method: 'POST', status: 503 })
    const { result } = start(settings(datasetId, { connection: connection(0) }))
    const error = await rejection(result, ActionError)
    const token = tokenOf(posts()[0]!.body)
    expect(error.message).toMatch(/503 .*The version may have been created: only the newest/)
    expect(error.message).toContain(
      `It would carry metadata paperspaceDatasetVersions.token ${token} (1 attempt; see retries)`
    )
    expect(error.message).not.toMatch(NOT_CREATED)
  })
})

describe('[F-create-unlisted-metadata] versions listed without their metadata, in process', () => {
  test('the look after a retry reads them and finds both of its versions', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.readings.listsWithoutMetadata = true
    emulator().inject({ method: 'POST', status: 504 })
    let late: Version | undefined
    const { result } = start(settings(datasetId), sleeps => {
      if (sleeps === 2) late = landFirstPost(datasetId, 'later')
    })
    const done = await result
    expect(done.duplicates).toEqual([{ version: late!.version, status: 'deleted' }])
    expect(
      emulator()
        .store.versions(datasetId)
        .map(v => v.version)
    ).toEqual([done.version.version])
  })

  test('a token search that cannot read them all does not send the create again', async () => {
    const datasetId = freshDataset(emulator())
    othersMade(emulator(), datasetId, 25)
    emulator().store.readings.listsWithoutMetadata = true
    emulator().inject({ method: 'POST', status: 500 })
    const { result } = start(settings(datasetId))
    const error = await rejection(result, ActionError)
    expect(error.message).toMatch(
      /The version may have been created: 25 versions created since it was sent were listed without their metadata and only 20 were read, so it is not sent again/
    )
    expect(posts()).toHaveLength(1)
  })

  test('the look after a keyed create says what it could not read', async () => {
    const datasetId = freshDataset(emulator())
    othersMade(emulator(), datasetId, 25)
    emulator().store.readings.listsWithoutMetadata = true
    const { log, result } = start(settings(datasetId, { idempotencyKey: 'k9' }))
    await result
    expect(log.at('warning')).toContain(
      'Looking for duplicates of this create: 6 versions created since it began were listed ' +
        'without their metadata and left unread, so a duplicate carrying metadata ' +
        `paperspaceDatasetVersions.token ${tokenOf(posts()[0]!.body)} or this idempotencyKey may exist`
    )
  })
})

describe('[F-create-duplicate-left] a duplicate is deleted only while it is uncommitted and carries the token', () => {
  test.each([
    [
      'committed meanwhile',
      'committed',
      (store: Store, datasetId: string, id: string): unknown =>
        store.updateVersion(datasetId, id, { isCommitted: true }),
      2
    ],
    [
      'changed so that it no longer carries the token',
      'changed',
      (store: Store, datasetId: string, id: string): unknown =>
        store.updateVersion(datasetId, id, { metadata: { replaced: true } }),
      2
    ],
    [
      'deleted by someone else first',
      'gone',
      (store: Store, datasetId: string, id: string): unknown => store.deleteVersion(datasetId, id),
      1
    ]
  ] as const)('a duplicate %s is left alone', async (_name, status, change, remaining) => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 504 })
    let late: Version | undefined
    const { log, result } = start(settings(datasetId, { commit: true }), sleeps => {
      if (sleeps !== 2) return
      const id = (late = landFirstPost(datasetId, 'later')).version
      // Someone acts on it just before it is read again.
      emulator().inject({
        method: 'GET',
        path: `/datasets/${datasetId}/versions/${id}`,
        before: store => change(store, datasetId, id)
      })
    })
    const done = await result
    expect(done.duplicates).toEqual([{ version: late!.version, status }])
    expect(done.failure).toBeUndefined()
    expect(done.outcome).toBe('created-and-committed')
    expect(emulator().store.versions(datasetId)).toHaveLength(remaining)
    expect(methods()).not.toContain('DELETE')
    if (status !== 'gone') {
      expect(log.at('warning')).toEqual([
        expect.stringMatching(new RegExp(`^Left version ${late!.version}, a duplicate`))
      ])
    }
  })

  test('a DELETE that fails fails the step after the version kept is committed and reported', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', status: 504 })
    emulator().inject({ method: 'DELETE', status: 403, code: 'FORBIDDEN', message: 'not yours' })
    let late: Version | undefined
    const { result } = start(settings(datasetId, { commit: true }), sleeps => {
      if (sleeps === 2) late = landFirstPost(datasetId, 'later')
    })
    const done = await result
    expect(done.outcome).toBe('created-and-committed')
    expect(done.duplicates).toEqual([
      { version: late!.version, status: 'failed', error: expect.stringContaining('403 FORBIDDEN') }
    ])
    expect(done.failure).toMatch(
      new RegExp(
        `^Could not delete a version this create made besides the one kept: ${late!.version} ` +
          `\\(DELETE .*403 FORBIDDEN: not yours.*\\)\\. Delete it with operation: delete$`
      )
    )
    expect(emulator().store.versions(datasetId)).toHaveLength(2)
  })
})

describe('[F-create-same-key] runs that share an idempotencyKey keep one version', () => {
  const KEY = 'run-5-model'
  const theirs = { paperspaceDatasetVersions: { token: 'their-token', idempotencyKey: KEY } }
  const keyed = (datasetId: string, overrides: Partial<CreateSettings> = {}) =>
    settings(datasetId, { idempotencyKey: KEY, ...overrides })
  /** The listing of the look after the create (the first is the key search before it). */
  const onTheLook = (datasetId: string, change: (store: Store) => void) =>
    emulator().inject({
      method: 'GET',
      path: `/datasets/${datasetId}/versions`,
      skip: 1,
      before: change
    })

  test("another run's version created first is kept: this run deletes its own and reports that one, created false", async () => {
    const datasetId = freshDataset(emulator())
    let other: Version | undefined
    // The other run's POST lands after this run's key search, just before this run's POST.
    emulator().inject({
      method: 'POST',
      before: store => ([other] = store.seedVersions(datasetId, [{ ageMs: 1, metadata: theirs }]))
    })
    const { log, result } = start(keyed(datasetId, { commit: true }))
    const done = await result
    const stored = emulator().store.versions(datasetId)
    expect(stored.map(v => [v.version, v.isCommitted])).toEqual([[other!.version, true]])
    expect(done).toMatchObject({
      outcome: 'adopted-and-committed',
      created: false,
      version: { version: other!.version }
    })
    const deleted = emulator()
      .requests.filter(r => r.method === 'DELETE')
      .map(r => r.path.split('/').at(-1))
    expect(deleted).toHaveLength(1)
    expect(done.duplicates).toEqual([{ version: deleted[0], status: 'deleted' }])
    expect(log.at('info')).toContain(
      `Version ${other!.version} carries the same idempotencyKey and was created first, by ` +
        'another run: it is kept, and this run reports it'
    )
  })

  test("another run's version created after this one's is not this run's to delete: it keeps its own", async () => {
    const datasetId = freshDataset(emulator())
    onTheLook(datasetId, store => store.seedVersions(datasetId, [{ ageMs: -1, metadata: theirs }]))
    const { result } = start(keyed(datasetId))
    const done = await result
    expect(done).toMatchObject({ outcome: 'created', created: true })
    expect(done.duplicates).toBeUndefined()
    expect(emulator().store.versions(datasetId)).toHaveLength(2)
    expect(methods()).not.toContain('DELETE')
  })

  test.each([
    ['0000000', 'theirs'],
    ['zzzzzzz', 'ours']
  ])(
    'two created in the same millisecond: the lower version ID is kept (theirs %s: %s)',
    async (id, kept) => {
      const datasetId = freshDataset(emulator())
      onTheLook(datasetId, store => {
        const [ours] = store.versions(datasetId)
        const at = Date.parse(ours!.dtCreated)
        store.seedVersions(datasetId, [{ version: id, ageMs: 0, metadata: theirs }], at)
      })
      const { result } = start(keyed(datasetId))
      const done = await result
      if (kept === 'theirs') {
        expect(done).toMatchObject({ created: false, version: { version: id } })
        expect(
          emulator()
            .store.versions(datasetId)
            .map(v => v.version)
        ).toEqual([id])
      } else {
        expect(done.created).toBe(true)
        expect(done.version.version).not.toBe(id)
        expect(emulator().store.versions(datasetId)).toHaveLength(2)
      }
    }
  )

  test('the key search adopts the earliest of several versions carrying the key', async () => {
    const datasetId = freshDataset(emulator())
    const [first] = emulator().store.seedVersions(datasetId, [
      { ageMs: 2 * HOUR, metadata: theirs },
      {
        ageMs: HOUR,
        metadata: { paperspaceDatasetVersions: { token: 't2', idempotencyKey: KEY } }
      }
    ])
    const { result } = start(keyed(datasetId))
    const done = await result
    expect(done).toMatchObject({
      outcome: 'adopted',
      created: false,
      version: { version: first!.version }
    })
    expect(posts()).toEqual([])
  })

  test("this run's own version committed meanwhile is left and named; the earlier one is still reported", async () => {
    const datasetId = freshDataset(emulator())
    let other: Version | undefined
    emulator().inject({
      method: 'POST',
      before: store => ([other] = store.seedVersions(datasetId, [{ ageMs: 1, metadata: theirs }]))
    })
    // Someone commits this run's version just before it is read again to be deleted.
    emulator().inject({
      method: 'GET',
      when: r => /\/versions\/[^/]+$/.test(r.path) && !r.path.endsWith(other!.version),
      before: store => {
        const own = store.versions(datasetId).find(v => v.version !== other!.version)!
        store.updateVersion(datasetId, own.version, { isCommitted: true })
      }
    })
    const { log, result } = start(keyed(datasetId))
    const done = await result
    const own = emulator()
      .store.versions(datasetId)
      .find(v => v.version !== other!.version)!
    expect(done).toMatchObject({ created: false, version: { version: other!.version } })
    expect(done.duplicates).toEqual([{ version: own.version, status: 'committed' }])
    expect(log.at('warning')).toEqual([
      `Left this run's version ${own.version} (version ${other!.version}, another run's with ` +
        'the same idempotencyKey, was created first and is kept): it has been committed meanwhile'
    ])
  })
})

describe('[F-create-same-key] two runs with the same idempotencyKey at the same moment', () => {
  // The emulator's clock holds both POSTs until both have arrived: both key searches are over,
  // and neither run can see the other's version before it creates its own.
  const clock = heldClock()
  const held = useEmulator({ clock })

  test('end with one version, which both report: one created true, the other false', async () => {
    const datasetId = freshDataset(held())
    held().inject({ method: 'POST', delayMs: 1, times: 2 })
    const given = settings(datasetId, {
      idempotencyKey: 'run-8',
      commit: true,
      connection: connection(1, held())
    })
    const run = () =>
      create(
        given,
        operationContext(emulatorClient(held()), { clock: manualClock({ start: Date.now() }) })
      )
    const both = Promise.all([run(), run()])
    await eventually(() => clock.waiting.length === 2, 'both POSTs arriving')
    clock.advance(1)
    const [a, b] = await both
    const stored = held().store.versions(datasetId)
    expect(stored.map(v => [v.version, v.isCommitted])).toEqual([[a.version.version, true]])
    expect(b.version.version).toBe(a.version.version)
    expect([a.created, b.created].sort()).toEqual([false, true])
  })
})
