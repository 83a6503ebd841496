import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { startEmulator, type Emulator } from '../../emulator/server.ts'
import type { ActionRun } from '../../scripts/run-action.ts'
import { annotations, runAction } from '../../scripts/run-action.ts'
import { GITHUB_ENV } from '../helpers/action.ts'

/** A key planted to be searched for in everything the action writes. */
const CANARY = 'psk_canary_4f1d9c2b8a7e6d5c'
/** A key whose JSON-escaped, URL-encoded and base64 forms all differ from the key itself. */
const ODD = 'psk/odd+"4f1d\\9c2b=8a7e&6d5c?x'

let emulator: Emulator

/** A second dataset with a stale version, for cleanups of several datasets. */
function extraDataset(): string {
  const datasetId = emulator.store.createDataset({ name: 'secrets, too' }).id
  emulator.store.seedVersions(datasetId, [{ ageMs: 60_000 }])
  return datasetId
}

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [CANARY, ODD] })
})
afterAll(() => emulator.close())

/** Everything the process wrote, minus the one line that registers the mask. */
function written(run: ActionRun, key = CANARY): string {
  const stdout = run.stdout
    .split('\n')
    .filter(line => line !== `::add-mask::${key}`)
    .join('\n')
  return [stdout, run.stderr, JSON.stringify(run.outputs), run.summary, run.resultFile ?? ''].join(
    '\n'
  )
}

type Scenario = [
  string,
  (datasetId: string, version: string) => Record<string, string>,
  (datasetId: string) => void
]

const none = () => {}
const scenarios: Scenario[] = [
  ['list', ds => ({ operation: 'list', datasetId: ds }), none],
  ['get', (ds, v) => ({ operation: 'get', datasetId: ds, version: v }), none],
  ['create', ds => ({ operation: 'create', datasetId: ds, commit: 'true', tags: 'a' }), none],
  ['update', (ds, v) => ({ operation: 'update', datasetId: ds, version: v, message: 'm' }), none],
  ['commit', (ds, v) => ({ operation: 'commit', datasetId: ds, version: v }), none],
  ['delete', (ds, v) => ({ operation: 'delete', datasetId: ds, version: v }), none],
  ['get, 404', ds => ({ operation: 'get', datasetId: ds, version: 'nope123' }), none],
  [
    'list, 500 after retries',
    ds => ({ operation: 'list', datasetId: ds, retries: '1' }),
    () => emulator.inject({ status: 500, retryAfter: '0', times: Infinity })
  ],
  [
    'get, server echoes the key',
    (ds, v) => ({ operation: 'get', datasetId: ds, version: v }),
    () => emulator.inject({ echoAuthorization: true })
  ],
  [
    'get, server echoes the key encoded every way',
    (ds, v) => ({ operation: 'get', datasetId: ds, version: v }),
    () => emulator.inject({ echoAuthorization: ['header', 'json', 'url', 'base64'] })
  ],
  [
    'get, the version itself holds the key (outputs and result file)',
    (ds, v) => ({ operation: 'get', datasetId: ds, version: v }),
    () =>
      emulator.inject({
        method: 'GET',
        times: Infinity,
        mapBody: body => ({ ...(body as object), message: `leaked ${CANARY}`, tags: [CANARY] })
      })
  ],
  [
    'cleanup dry run, listed versions hold the key (result file)',
    ds => ({ operation: 'cleanup', datasetId: ds, olderThan: '1s', dryRun: 'true' }),
    () =>
      emulator.inject({
        method: 'GET',
        times: Infinity,
        mapBody: body => {
          const page = body as { items: object[] }
          return { ...page, items: page.items.map(i => ({ ...i, message: `leaked ${CANARY}` })) }
        }
      })
  ],
  [
    'list, response too large',
    ds => ({ operation: 'list', datasetId: ds }),
    () => emulator.inject({ method: 'GET', streamBytes: 70 * 1024 * 1024 })
  ],
  [
    'create, commit fails',
    ds => ({ operation: 'create', datasetId: ds, commit: 'true' }),
    () => emulator.inject({ method: 'PUT', status: 409 })
  ],
  [
    'list, invalid JSON',
    ds => ({ operation: 'list', datasetId: ds }),
    () => emulator.inject({ rawBody: '{"items":' })
  ],
  [
    'get, timeout',
    (ds, v) => ({ operation: 'get', datasetId: ds, version: v, timeout: '1', retries: '0' }),
    () => emulator.inject({ hang: true })
  ],
  [
    'cleanup, dry run',
    ds => ({ operation: 'cleanup', datasetId: ds, olderThan: '1s', dryRun: 'true' }),
    none
  ],
  ['cleanup', ds => ({ operation: 'cleanup', datasetId: ds, olderThan: '1s' }), none],
  [
    'cleanup, a delete fails',
    ds => ({ operation: 'cleanup', datasetId: ds, olderThan: '1s' }),
    () => emulator.inject({ method: 'DELETE', status: 409 })
  ],
  [
    'cleanup, listing fails',
    ds => ({ operation: 'cleanup', datasetId: ds, retries: '0' }),
    () => emulator.inject({ status: 503 })
  ],
  ['bad input', () => ({ operation: 'get', datasetId: '..', version: '' }), none],
  ['unknown operation', ds => ({ operation: 'explode', datasetId: ds }), none],
  [
    'create, answer lost and the version adopted by its token',
    ds => ({ operation: 'create', datasetId: ds }),
    () => emulator.inject({ method: 'POST', resetAfterApply: true, times: Infinity })
  ],
  [
    'create, adopted by idempotencyKey',
    ds => ({ operation: 'create', datasetId: ds, idempotencyKey: 'k1', commit: 'true' }),
    ds =>
      void emulator.store.seedVersions(ds, [
        {
          ageMs: 1000,
          metadata: { paperspaceDatasetVersions: { token: 't', idempotencyKey: 'k1' } }
        }
      ])
  ],
  [
    'commit, answer lost and confirmed by a read',
    (ds, v) => ({ operation: 'commit', datasetId: ds, version: v, retries: '0' }),
    () => emulator.inject({ method: 'PUT', resetAfterApply: true })
  ],
  ['datasets', () => ({ operation: 'datasets' }), none],
  [
    'datasets, a dataset named with the key',
    () => ({ operation: 'datasets' }),
    () => void emulator.store.createDataset({ name: `leaked ${CANARY}`, description: CANARY })
  ],
  [
    'promote, committing first',
    (ds, v) => ({
      operation: 'promote',
      datasetId: ds,
      version: v,
      tags: 'production',
      commit: 'true'
    }),
    ds =>
      void emulator.store.seedVersions(ds, [
        { ageMs: DAY, isCommitted: true, tags: ['production'] }
      ])
  ],
  [
    'promote, a removal refused with the key echoed',
    (ds, v) => ({
      operation: 'promote',
      datasetId: ds,
      version: v,
      tags: 'production',
      commit: 'true'
    }),
    ds => {
      const [other] = emulator.store.seedVersions(ds, [
        { ageMs: DAY, isCommitted: true, tags: ['production'] }
      ])
      emulator.inject({
        method: 'PUT',
        path: `/datasets/${ds}/versions/${other!.version}`,
        echoAuthorization: ['header', 'json', 'url', 'base64'],
        status: 409
      })
    }
  ],
  [
    'resolve',
    ds => ({ operation: 'resolve', datasetId: ds }),
    ds => void emulator.store.seedVersions(ds, [{ ageMs: DAY, isCommitted: true }])
  ],
  ['resolve, nothing matches', ds => ({ operation: 'resolve', datasetId: ds, tags: 'nope' }), none],
  [
    'wait, committed meanwhile',
    (ds, v) => ({ operation: 'wait', datasetId: ds, version: v }),
    (ds: string) =>
      emulator.inject({
        method: 'GET',
        skip: 1,
        before: store => {
          const [first] = store.versions(ds)
          store.updateVersion(ds, first!.version, { isCommitted: true })
        }
      })
  ],
  [
    'wait, the key refused (401) while polling',
    (ds, v) => ({ operation: 'wait', datasetId: ds, version: v, waitTimeout: '5s' }),
    () =>
      emulator.inject({
        method: 'GET',
        echoAuthorization: ['header', 'json', 'url', 'base64'],
        times: Infinity
      })
  ],
  [
    'cleanup of several datasets, one listing echoes the key',
    ds => ({
      operation: 'cleanup',
      datasetId: `${ds},${extraDataset()}`,
      olderThan: '1s',
      retries: '0'
    }),
    () =>
      emulator.inject({
        method: 'GET',
        when: r => r.path.endsWith('/versions'),
        status: 500,
        message: `Internal error for ${CANARY}`
      })
  ],
  [
    'cleanup of every dataset (*), dry run',
    () => ({ operation: 'cleanup', datasetId: '*', olderThan: '1s', dryRun: 'true' }),
    none
  ],
  [
    'cleanup of several datasets, the key refused mid-run',
    ds => ({ operation: 'cleanup', datasetId: `${ds},${extraDataset()}`, olderThan: '1s' }),
    () => emulator.inject({ method: 'DELETE', echoAuthorization: true, times: Infinity })
  ],
  [
    'cleanup, the breaker trips',
    ds => ({ operation: 'cleanup', datasetId: ds, olderThan: '1s', retries: '0' }),
    ds => {
      emulator.store.seedVersions(
        ds,
        Array.from({ length: 8 }, () => ({ ageMs: 60_000 }))
      )
      emulator.inject({ method: 'DELETE', status: 503, times: Infinity })
    }
  ]
]

describe('[F-key-canary] the API key appears nowhere in what the action writes, with RUNNER_DEBUG=1', () => {
  test.each(scenarios)('%s', async (_name, inputs, arrange) => {
    const datasetId = emulator.store.createDataset({ name: 'secrets' }).id
    const [seeded] = emulator.store.seedVersions(datasetId, [{ ageMs: 60_000 }])
    arrange(datasetId)
    try {
      for (const via of ['input', 'env'] as const) {
        const run = await runAction(
          {
            baseUrl: emulator.url,
            ...(via === 'input' && { apiKey: CANARY }),
            ...inputs(datasetId, seeded!.version)
          },
          {
            env: {
              ...GITHUB_ENV,
              RUNNER_DEBUG: '1',
              ...(via === 'env' && { PAPERSPACE_API_KEY: CANARY })
            }
          }
        )
        // The key was registered as a secret before anything else was printed...
        expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${CANARY}`)
        // ...debug logging really was on...
        expect(run.stdout).toContain('::debug::')
        // ...and the key itself is nowhere else.
        expect(written(run)).not.toContain(CANARY)
        expect(written(run)).not.toContain(CANARY.slice(4))
      }
    } finally {
      emulator.clearFaults()
    }
  })
})

/** The forms a leaky server echoes, computed here independently of the action's redactor. */
const ODD_FORMS = {
  raw: ODD,
  json: 'psk/odd+\\"4f1d\\\\9c2b=8a7e&6d5c?x',
  url: 'psk%2Fodd%2B%224f1d%5C9c2b%3D8a7e%266d5c%3Fx',
  // The last group of four characters also carries padding: leave it out.
  base64: Buffer.from(ODD).toString('base64').slice(0, -4),
  bearerBase64: Buffer.from(`Bearer ${ODD}`).toString('base64').slice(12, -4)
}

describe('[F-key-echoed] a key echoed JSON-escaped, URL-encoded or base64-encoded is removed too', () => {
  test('the forms really differ from the key', () => {
    expect(JSON.stringify(ODD).slice(1, -1)).toBe(ODD_FORMS.json)
    expect(encodeURIComponent(ODD)).toBe(ODD_FORMS.url)
    expect(new Set(Object.values(ODD_FORMS)).size).toBe(5)
  })

  test.each([['json'], ['url'], ['base64'], [['header', 'json', 'url', 'base64']]] as const)(
    'echoed as %j',
    async form => {
      const datasetId = emulator.store.createDataset({ name: 'secrets' }).id
      const [seeded] = emulator.store.seedVersions(datasetId, [{ ageMs: 60_000 }])
      emulator.inject({ echoAuthorization: form })
      try {
        const run = await runAction(
          {
            baseUrl: emulator.url,
            apiKey: ODD,
            operation: 'get',
            datasetId,
            version: seeded!.version
          },
          { env: { ...GITHUB_ENV, RUNNER_DEBUG: '1' } }
        )
        expect(run.exitCode).toBe(1)
        // The server did echo something, and it was removed.
        expect(annotations(run.stdout, 'error')[0]).toMatch(/Invalid credentials: (Bearer )?\*\*\*/)
        const text = written(run, ODD)
        for (const [name, value] of Object.entries(ODD_FORMS)) {
          expect([name, text.includes(value)]).toEqual([name, false])
        }
      } finally {
        emulator.clearFaults()
      }
    }
  )

  test('the key inside base64 of "Bearer <key>" is removed at any alignment', async () => {
    const datasetId = emulator.store.createDataset({ name: 'secrets' }).id
    for (const prefix of ['Bearer ', 'Bearer  ', 'Bearer   ']) {
      const encoded = Buffer.from(`${prefix}${ODD}`).toString('base64')
      emulator.inject({ status: 401, message: `token ${encoded} refused` })
      const run = await runAction(
        { baseUrl: emulator.url, apiKey: ODD, operation: 'list', datasetId },
        { env: { ...GITHUB_ENV, RUNNER_DEBUG: '1' } }
      )
      emulator.clearFaults()
      expect(run.exitCode).toBe(1)
      expect(annotations(run.stdout, 'error')[0]).toMatch(/token \S*\*\*\*\S* refused/)
      const middle = encoded.slice(Math.ceil((prefix.length * 4) / 3) + 1, -4)
      expect(written(run, ODD)).not.toContain(middle)
    }
  })
})
