import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DAY } from '../../emulator/seed.ts'
import { act, errors } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()
let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pdv-reviewed-'))
})
afterAll(() => rm(folder, { recursive: true, force: true }))

/** Saves a plan's text where the apply step reads it, as a download would. */
async function saved(name: string, text: string): Promise<string> {
  const path = join(folder, name)
  await writeFile(path, text)
  return path
}

/** A version's path as `datasetId:version`; any other path as it is. */
const refOf = (path: string) => path.replace(/^\/datasets\/([^/]+)\/versions\/([^/]+)$/, '$1:$2')

const deletes = () =>
  emulator()
    .requests.filter(r => r.method === 'DELETE')
    .map(r => refOf(r.path))

/** Two datasets: six old uncommitted versions, one protected, one young, one committed. */
function twoDatasets() {
  const store = emulator().store
  const [a, b] = ['plan-a', 'plan-b'].map(name => freshDataset(emulator(), name))
  const va = store.seedVersions(a!, [
    { ageMs: 20 * DAY },
    { ageMs: 19 * DAY },
    { ageMs: 18 * DAY },
    { ageMs: 17 * DAY, tags: ['keep'] },
    { ageMs: 2 * DAY },
    { ageMs: 30 * DAY, isCommitted: true }
  ])
  const vb = store.seedVersions(b!, [{ ageMs: 16 * DAY }, { ageMs: 15 * DAY }, { ageMs: 14 * DAY }])
  const ref = (datasetId: string, v: { version: string }) => `${datasetId}:${v.version}`
  return {
    a: a!,
    b: b!,
    va,
    vb,
    planned: [...va.slice(0, 3).map(v => ref(a!, v)), ...vb.map(v => ref(b!, v))],
    ref
  }
}

describe('reviewed deletions: a dry run plans, a later step applies exactly the plan', () => {
  test('[F-plan-changed-meanwhile] applying deletes only planned versions; one committed, one tagged keep and one modified meanwhile are skipped with their reason; one that became eligible is not touched', async () => {
    const { a, b, va, vb, planned, ref } = twoDatasets()
    const dry = await act(emulator(), {
      operation: 'cleanup',
      datasetId: `${a},${b}`,
      dryRun: 'true',
      olderThan: '7d',
      protectTags: 'keep'
    })
    expect(dry.exitCode).toBe(0)
    expect(JSON.parse(dry.outputs.candidates!)).toEqual(planned)
    const plan = JSON.parse(dry.planFile!)
    expect(plan).toMatchObject({
      format: 'paperspace-dataset-versions/cleanup-plan',
      version: 1,
      settings: { datasetId: `${a},${b}`, olderThan: '7d', protectTags: ['keep'] }
    })
    expect(
      plan.versions.map((v: { datasetId: string; version: string }) => ref(v.datasetId, v))
    ).toEqual(planned)
    expect(plan.versions[0].datasetName).toBe('plan-a')
    expect(dry.summary).toContain('**This plan can be applied.**')
    expect(dry.summary).toContain('holds the 6 versions this dry run would delete')

    // Meanwhile, while the plan waits for a reviewer.
    const store = emulator().store
    store.updateVersion(a, va[0]!.version, { isCommitted: true })
    store.updateVersion(a, va[1]!.version, { tags: ['keep'] })
    store.updateVersion(b, vb[0]!.version, { message: 'still writing' })
    store.updateVersion(a, va[3]!.version, { tags: [] })
    const [late] = store.seedVersions(b, [{ ageMs: 40 * DAY }])
    emulator().requests.splice(0)

    const applied = await act(emulator(), {
      operation: 'cleanup',
      plan: await saved('plan.json', dry.planFile!)
    })
    expect(errors(applied)).toEqual([])
    expect(applied.exitCode).toBe(0)
    const expected = [ref(a, va[2]!), ref(b, vb[1]!), ref(b, vb[2]!)]
    expect(deletes()).toEqual(expect.arrayContaining(expected))
    expect(deletes()).toHaveLength(expected.length)
    expect(JSON.parse(applied.outputs.deleted!)).toEqual(expected)
    // Nothing outside the plan was touched: not the version untagged, nor the one seeded late.
    expect(store.getVersion(a, va[3]!.version)).toBeDefined()
    expect(store.getVersion(b, late!.version)).toBeDefined()
    expect(emulator().requests.filter(r => !planned.includes(refOf(r.path)))).toEqual([])

    const record = JSON.parse(applied.resultFile!)
    const detail = (id: string) =>
      record.outcomes.find((o: { version: string }) => o.version === id)?.detail
    expect(detail(va[0]!.version)).toBe('committed since the listing')
    expect(detail(va[1]!.version)).toBe('protected tag keep (on a fresh read)')
    expect(detail(vb[0]!.version)).toBe('modified since the listing')
    expect(applied.summary).toContain('made ')
    expect(applied.summary).toContain('3 of its 6 versions deleted; not deleted:')
    expect(applied.summary).toContain('> - skipped, committed since the plan: 1')
    expect(applied.summary).toContain('> - skipped, now carries the protected tag `keep`: 1')
    expect(applied.summary).toContain('> - skipped, modified since the plan: 1')
  })
})

describe('a plan is refused with a message naming the input, before any request', () => {
  /** A dry run's plan of one dataset with three old versions, as JSON. */
  async function plannedOnce(): Promise<{ datasetId: string; plan: Record<string, unknown> }> {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [
      { ageMs: 10 * DAY },
      { ageMs: 9 * DAY },
      { ageMs: 8 * DAY }
    ])
    const dry = await act(emulator(), { operation: 'cleanup', datasetId, dryRun: 'true' })
    expect(dry.exitCode).toBe(0)
    emulator().requests.splice(0)
    return { datasetId, plan: JSON.parse(dry.planFile!) as Record<string, unknown> }
  }

  /** Applies the dry run's plan as `edit` leaves it, with `inputs`: refused, and nothing sent. */
  async function refused(
    edit: (plan: Record<string, unknown>) => string,
    inputs: Record<string, string>,
    message: RegExp
  ): Promise<void> {
    const { plan } = await plannedOnce()
    const path = await saved(
      `plan-${Object.keys(inputs).join('-')}-${randomUUID()}.json`,
      edit(plan)
    )
    const run = await act(emulator(), { operation: 'cleanup', plan: path, ...inputs })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([expect.stringMatching(message)])
    expect(emulator().requests).toEqual([])
  }

  test('[F-plan-stale] a plan older than planMaxAge', () =>
    refused(
      plan => {
        const twoDaysEarlier = Date.parse(String(plan.createdAt)) - 2 * DAY
        return JSON.stringify({ ...plan, createdAt: new Date(twoDaysEarlier).toISOString() })
      },
      {},
      /^Invalid input: plan: made 2d ago \(.+\), older than planMaxAge \(24h\); make a new plan, or raise planMaxAge$/
    ))

  test('[F-plan-invalid] a plan edited into invalid JSON', () =>
    refused(
      plan => JSON.stringify(plan).slice(0, -2),
      {},
      /^Invalid input: plan: ".+" is not a plan file: not valid JSON \(.+\)$/
    ))

  test('[F-plan-invalid] a plan of an unknown format version', () =>
    refused(
      plan => JSON.stringify({ ...plan, version: 2 }),
      {},
      /^Invalid input: plan: ".+" is a plan of format version 2, which this version of the action does not know/
    ))

  test('[F-plan-other-dataset] a plan for another dataset than datasetId', () =>
    refused(
      plan => JSON.stringify(plan),
      { datasetId: 'dsanother' },
      /^Invalid input: datasetId: the plan holds versions of datasets it does not name: ds\w+; /
    ))

  test('[F-plan-too-long] a plan longer than maxDeletions', () =>
    refused(
      plan => JSON.stringify(plan),
      { maxDeletions: '2' },
      /^Invalid input: maxDeletions: the plan holds 3 versions, more than maxDeletions \(2\); /
    ))
})
