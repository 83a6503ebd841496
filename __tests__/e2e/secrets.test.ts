import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/server.ts'
import type { ActionRun } from '../../scripts/run-action.ts'
import { runAction } from '../../scripts/run-action.ts'
import { GITHUB_ENV } from '../helpers/action.ts'

/** A key planted to be searched for in everything the action writes. */
const CANARY = 'psk_canary_4f1d9c2b8a7e6d5c'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [CANARY] })
})
afterAll(() => emulator.close())

/** Everything the process wrote, minus the one line that registers the mask. */
function written(run: ActionRun): string {
  const stdout = run.stdout
    .split('\n')
    .filter(line => line !== `::add-mask::${CANARY}`)
    .join('\n')
  return [stdout, run.stderr, JSON.stringify(run.outputs), run.summary].join('\n')
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

describe('the API key appears nowhere in what the action writes, with RUNNER_DEBUG=1', () => {
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
