import { describe, expect, test } from '@jest/globals'
import type { ActionRun } from '../../scripts/run-action.ts'
import { act, errors, warnings } from '../helpers/action.ts'
import { freshDataset, heldClock, useEmulator } from '../helpers/emulator.ts'
import { eventually } from '../helpers/eventually.ts'
import { notOthers, othersMadeBeforeTheSearch } from '../helpers/others.ts'

// The emulator's clock moves only when a test moves it: a delayed answer (and the change it
// makes) waits for the test, not for time, so "late" is exactly as late as the test needs.
const clock = heldClock()
const emulator = useEmulator({ clock })
const posts = () => emulator().requests.filter(r => r.method === 'POST')

/** The step said nothing of a version not being made. */
const NOT_CREATED = /not created|none was created|was not made/

describe('[F-create-stored-late] a POST the API carries out after the client gave up on it', () => {
  /**
   * Runs a create whose first POST is answered (and carried out) only once the test moves the
   * emulator's clock: after the client's 1 s timeout, a token search that finds nothing, and the
   * retry's answer. `others` versions are made by another job just before that search.
   */
  async function lateCreate(datasetId: string, others = 0): Promise<ActionRun> {
    emulator().inject({ method: 'POST', delayMs: 2500 })
    if (others > 0) othersMadeBeforeTheSearch(emulator(), datasetId, others)
    const running = act(emulator(), {
      operation: 'create',
      datasetId,
      commit: 'true',
      timeout: '1',
      retries: '2'
    })
    await eventually(
      () => posts()[1]?.status !== undefined,
      'the retried POST being answered',
      30_000
    )
    clock.advance(2500)
    return running
  }

  function expectOneCommitted(run: ActionRun, datasetId: string) {
    expect(errors(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const ours = notOthers(emulator(), datasetId)
    expect(ours.map(v => [v.version, v.isCommitted])).toEqual([[run.outputs.version, true]])
    expect(run.outputs).toMatchObject({ created: 'true', isCommitted: 'true' })
    expect(posts()).toHaveLength(2)
    expect(run.stdout).not.toMatch(NOT_CREATED)
    expect(run.summary).toContain(
      'The create was sent more than once and made more than one version; the earliest is kept:'
    )
    expect(run.summary).toMatch(/- `[a-z0-9]{7}`: deleted/)
  }

  test('ends with exactly one version, committed, and outputs naming it', async () => {
    const datasetId = freshDataset(emulator())
    const run = await lateCreate(datasetId)
    expectOneCommitted(run, datasetId)
    expect(run.stdout).toMatch(
      /Deleted version [a-z0-9]{7}, a duplicate carrying this create's token/
    )
  })

  test('[F-create-busy-dataset] the same with 400 versions made by others before the search', async () => {
    const datasetId = freshDataset(emulator())
    const run = await lateCreate(datasetId, 400)
    expectOneCommitted(run, datasetId)
    expect(emulator().store.versions(datasetId)).toHaveLength(401)
  })
})

describe('[F-create-busy-dataset] a POST whose answer was lost', () => {
  test('is found among 400 versions made by others before its search; one POST', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', statusAfterApply: 500 })
    othersMadeBeforeTheSearch(emulator(), datasetId, 400)
    const run = await act(emulator(), { operation: 'create', datasetId })
    expect(run.exitCode).toBe(0)
    expect(posts()).toHaveLength(1)
    expect(notOthers(emulator(), datasetId).map(v => v.version)).toEqual([run.outputs.version])
    expect(run.summary).toContain("the create's answer was lost")
  })
})

describe('[F-create-same-key] two runs with the same idempotencyKey started at the same moment', () => {
  test.each([1, 2, 3, 4, 5])(
    'end with exactly one version, which both report (round %i)',
    async () => {
      const datasetId = freshDataset(emulator())
      // Each POST is held until both have arrived: both key searches are over before either
      // version exists, so both runs create.
      emulator().inject({ method: 'POST', delayMs: 1, times: 2 })
      const inputs = {
        operation: 'create',
        datasetId,
        idempotencyKey: 'run-31-model',
        commit: 'true'
      }
      const both = Promise.all([act(emulator(), inputs), act(emulator(), inputs)])
      await eventually(() => clock.waiting.length === 2, 'both POSTs arriving', 30_000)
      clock.advance(1)
      const runs = await both
      for (const run of runs) {
        expect(errors(run)).toEqual([])
        expect(warnings(run)).toEqual([])
        expect(run.exitCode).toBe(0)
      }
      const [a, b] = runs.map(run => run.outputs)
      const stored = emulator().store.versions(datasetId)
      expect(stored.map(v => [v.version, v.isCommitted])).toEqual([[a!.version, true]])
      expect(b!.version).toBe(a!.version)
      expect([a!.created, b!.created].sort()).toEqual(['false', 'true'])
      const adopter = runs.find(run => run.outputs.created === 'false')!
      expect(adopter.summary).toContain(
        'another run with the same idempotencyKey created it first, so it was reused'
      )
      expect(adopter.summary).toMatch(/- `[a-z0-9]{7}`: deleted/)
    }
  )
})
