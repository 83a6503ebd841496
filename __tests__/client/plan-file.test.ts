import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { DAY, HOUR } from '../../emulator/seed.ts'
import type { Version } from '../../emulator/store.ts'
import { parseInputs } from '../../src/interface/inputs.ts'
import type { InputName } from '../../src/interface/names.ts'
import type { PlanReading } from '../../src/interface/plan-input.ts'
import type { CleanupSettings } from '../../src/interface/settings.ts'
import { cleanup } from '../../src/operations/cleanup/cleanup.ts'
import type { CleanupResult } from '../../src/operations/result.ts'
import { summaryFor } from '../../src/report/summary.ts'
import { emulatorClient } from '../helpers/client.ts'
import { manualClock, operationContext } from '../helpers/context.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { globMatches } from '../helpers/cleanup.ts'
import { recordingLog } from '../helpers/log.ts'
import { linkTargets, renderMarkdown, visibleText } from '../helpers/markdown.ts'
import { reader } from '../helpers/inputs.ts'

const emulator = useEmulator()
const START = Date.parse('2026-06-01T12:00:00.000Z')
const PATH = 'dataset-plan.json'

type Values = Partial<Record<InputName, string>>

/** Runs a cleanup in process with these inputs, on a clock standing at `nowMs`. */
async function run(values: Values, reading?: PlanReading, nowMs = START) {
  const e = emulator()
  const read = reader({ operation: 'cleanup', apiKey: e.apiKey, baseUrl: e.url, ...values })
  const settings = parseInputs(read, e.apiKey, reading) as CleanupSettings
  const log = recordingLog()
  const context = operationContext(emulatorClient(e, { retries: 0 }), {
    clock: manualClock({ start: nowMs }),
    log
  })
  return { result: await cleanup(settings, context), log }
}

/** The plan of a dry run, as the file the apply step reads. */
function planOf(result: CleanupResult, nowMs = START + HOUR): PlanReading {
  const text = JSON.stringify(result.planFile)
  return { nowMs, read: path => (path === PATH ? { text } : { error: 'missing' }) }
}

describe('the plan of a dry run', () => {
  test('holds every candidate of two datasets, in the order a run deletes them, named by dataset and with the settings that chose them', async () => {
    const store = emulator().store
    const [a, b] = ['team-a', 'team-b'].map(name => freshDataset(emulator(), name))
    const [a1, , a3] = store.seedVersions(
      a!,
      [
        { ageMs: 10 * DAY, tags: ['nightly'], usageBytes: '100', message: 'crashed run' },
        { ageMs: 9 * DAY, tags: ['keep'] },
        { ageMs: 5 * DAY },
        { ageMs: DAY },
        { ageMs: 20 * DAY, isCommitted: true }
      ],
      START
    )
    const [b1] = store.seedVersions(b!, [{ ageMs: 7 * DAY, modifiedAgeMs: 6 * DAY }], START)
    emulator().requests.splice(0)

    const { result } = await run({
      datasetId: `${a}, ${b}`,
      dryRun: 'true',
      olderThan: '3d',
      protectTags: 'keep',
      maxDeletions: '50'
    })
    const planned = (v: Version, datasetId: string, name: string) => ({
      datasetId,
      datasetName: name,
      version: v.version,
      message: v.message,
      dtCreated: v.dtCreated,
      dtModified: v.dtModified,
      tags: v.tags,
      usageBytes: v.usageBytes,
      rule: 'olderThan',
      ageMs: START - Date.parse(v.dtModified)
    })
    expect(result.planFile).toEqual({
      format: 'paperspace-dataset-versions/cleanup-plan',
      version: 1,
      createdAt: '2026-06-01T12:00:00.000Z',
      settings: {
        datasetId: `${a},${b}`,
        olderThan: '3d',
        keepLatest: 0,
        maxDeletions: 50,
        protectTags: ['keep'],
        tags: []
      },
      versions: [planned(a1!, a!, 'team-a'), planned(a3!, a!, 'team-a'), planned(b1!, b!, 'team-b')]
    })
    // Each dataset's name is read once; nothing is changed.
    expect(emulator().requests.filter(r => !r.path.endsWith('/versions'))).toEqual([
      expect.objectContaining({ method: 'GET', path: `/datasets/${a}` }),
      expect.objectContaining({ method: 'GET', path: `/datasets/${b}` })
    ])
  })

  test('of every dataset (*) takes the names from the listing of datasets: none is read alone', async () => {
    const [dataset] = emulator().store.seedDatasets(
      [{ name: 'only-one', versions: [{ ageMs: 10 * DAY }] }],
      START
    )
    emulator().requests.splice(0)
    const { result } = await run({ datasetId: '*', dryRun: 'true', maxDeletions: '10000' })
    expect(result.planFile?.settings.datasetId).toBe('*')
    const own = result.planFile?.versions.filter(v => v.datasetId === dataset!.id)
    expect(own).toEqual([expect.objectContaining({ datasetName: 'only-one' })])
    expect(emulator().requests.filter(r => /^\/datasets\/[^/]+$/.test(r.path))).toEqual([])
  })

  test('names a dataset whose name cannot be read with null, and warns; the plan is made all the same', async () => {
    const id = freshDataset(emulator(), 'unreadable')
    emulator().store.seedVersions(id, [{ ageMs: 10 * DAY }], START)
    emulator().inject({ method: 'GET', path: `/datasets/${id}`, status: 500, times: Infinity })
    const { result, log } = await run({ datasetId: id, dryRun: 'true' })
    expect(result.planFile?.versions).toEqual([expect.objectContaining({ datasetName: null })])
    expect(log.at('warning')).toEqual([
      expect.stringContaining(`The plan gives no name for dataset ${id}: it could not be read`)
    ])
  })

  test('is not made by a live run', async () => {
    const id = freshDataset(emulator())
    emulator().store.seedVersions(id, [{ ageMs: 10 * DAY }], START)
    const { result } = await run({ datasetId: id })
    expect(result.tally.deleted).toHaveLength(1)
    expect(result.planFile).toBeUndefined()
  })
})

describe('the job summary', () => {
  test('of a dry run says its plan can be applied, how many versions and until when', async () => {
    const id = freshDataset(emulator())
    emulator().store.seedVersions(id, [{ ageMs: 10 * DAY }, { ageMs: 9 * DAY }], START)
    const { result } = await run({ datasetId: id, dryRun: 'true', planMaxAge: '2d' })
    const text = visibleText(renderMarkdown(summaryFor(result)))
    expect(text).toContain('This plan can be applied.')
    expect(text).toContain('holds the 2 versions this dry run would delete')
    expect(text).toContain('until 2026-06-03 12:00 UTC (planMaxAge 2d after 2026-06-01 12:00 UTC')
  })

  test('of a dry run with nothing to delete says its plan holds no version', async () => {
    const id = freshDataset(emulator())
    emulator().store.seedVersions(id, [{ ageMs: DAY / 2 }], START)
    const { result } = await run({ datasetId: id, dryRun: 'true' })
    expect(result.planFile?.versions).toEqual([])
    const text = visibleText(renderMarkdown(summaryFor(result)))
    expect(text).toContain("This run's plan holds no version: applying it would delete nothing.")
    expect(text).not.toContain('This plan can be applied')
  })

  test('of an apply names the plan and how many of its versions went, and why the others did not', async () => {
    const store = emulator().store
    const id = freshDataset(emulator())
    const tag = 'hold-[here](https://example.com/x)'
    const [v1, v2, v3, v4] = store.seedVersions(
      id,
      [
        { ageMs: 10 * DAY },
        { ageMs: 9 * DAY },
        { ageMs: 8 * DAY, tags: [tag] },
        { ageMs: 7 * DAY }
      ],
      START
    )
    const { result: dry } = await run({ datasetId: id, dryRun: 'true' })
    store.updateVersion(id, v2!.version, { isCommitted: true })
    store.deleteVersion(id, v4!.version)
    const { result } = await run({ plan: PATH, protectTags: 'hold-*' }, planOf(dry), START + HOUR)
    expect(result.tally.deleted).toEqual([v1!.version])
    expect(result.tally.skipped).toEqual([v2!.version, v3!.version])
    const html = renderMarkdown(summaryFor(result))
    expect(linkTargets(html)).toEqual([])
    const text = visibleText(html)
    expect(text).toContain(
      `Applied plan ${PATH}, made 2026-06-01 12:00 UTC: 1 of its 4 versions deleted; not deleted:`
    )
    expect(text).toContain('skipped, committed since the plan: 1')
    expect(text).toContain(`skipped, now carries the protected tag ${tag}: 1`)
    expect(text).toContain('already gone (deleted by someone else): 1')
    expect(text).toContain(
      "The plan's rules: olderThan 24h, keepLatest 0, protectTags none, tags none; this step's own protectTags: hold-*."
    )
  })
})

/** Whether a version carries a tag any of the patterns match. */
const carries = (tags: readonly string[], patterns: readonly string[]) =>
  tags.some(t => patterns.some(p => globMatches(t, p)))

type Change = 'commit' | 'tag-keep' | 'tag-hold' | 'modify' | 'delete' | 'untag' | 'none'

describe('[F-plan-changed-meanwhile] applying a plan, whatever happened to the versions since', () => {
  test('never deletes a version outside the plan, a committed one, one modified since the plan or a protected one; deletes every planned version nothing happened to', async () => {
    const store = emulator().store
    const changes = fc.constantFrom<Change>(
      'commit',
      'tag-keep',
      'tag-hold',
      'modify',
      'delete',
      'untag',
      'none'
    )
    const versionSeed = fc.record({
      ageDays: fc.integer({ min: 1, max: 30 }),
      isCommitted: fc.boolean(),
      tags: fc.subarray(['keep', 'nightly', 'hold-1']),
      change: changes
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(versionSeed, { minLength: 1, maxLength: 8 }), {
          minLength: 1,
          maxLength: 3
        }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        async (datasets, added, keepLatest, concurrency) => {
          const seeded = datasets.map(seeds => {
            const id = freshDataset(emulator())
            const versions = store.seedVersions(
              id,
              seeds.map(s => ({
                ageMs: s.ageDays * DAY,
                isCommitted: s.isCommitted,
                tags: s.tags
              })),
              START
            )
            return { id, seeds, versions }
          })
          const ids = seeded.map(d => d.id).join(',')
          const { result: dry } = await run({
            datasetId: ids,
            dryRun: 'true',
            olderThan: '3d',
            keepLatest: String(keepLatest),
            protectTags: 'keep'
          })
          const plan = dry.planFile!
          const inPlan = new Map<string, (typeof plan.versions)[number]>(
            plan.versions.map(v => [`${v.datasetId}:${v.version}`, v])
          )

          // What happens between the plan and its approval, to planned and other versions alike.
          for (const { id, seeds, versions } of seeded) {
            versions.forEach((v, i) => {
              const change = seeds[i]!.change
              if (change === 'commit') store.updateVersion(id, v.version, { isCommitted: true })
              if (change === 'tag-keep') store.updateVersion(id, v.version, { tags: ['keep'] })
              if (change === 'tag-hold') store.updateVersion(id, v.version, { tags: ['hold-2'] })
              if (change === 'modify') store.updateVersion(id, v.version, { message: 'edited' })
              if (change === 'untag') store.updateVersion(id, v.version, { tags: [] })
              if (change === 'delete') store.deleteVersion(id, v.version)
            })
            // Versions that became eligible after the plan: old, uncommitted, unprotected.
            store.seedVersions(
              id,
              Array.from({ length: added }, () => ({ ageMs: 40 * DAY })),
              START
            )
          }
          const before = new Map<string, Version>(
            seeded.flatMap(({ id }) =>
              store.versions(id).map(v => [`${id}:${v.version}`, { ...v }] as const)
            )
          )
          emulator().requests.splice(0)

          const { result } = await run(
            { plan: PATH, protectTags: 'hold-*', concurrency: String(concurrency) },
            planOf(dry)
          )
          const deleted = emulator()
            .requests.filter(r => r.method === 'DELETE')
            .map(r => r.path.replace(/^\/datasets\/([^/]+)\/versions\/([^/]+)$/, '$1:$2'))
          for (const ref of deleted) {
            const planned = inPlan.get(ref)
            const then = before.get(ref)
            expect(planned).toBeDefined()
            expect(then?.isCommitted).toBe(false)
            expect(then?.dtModified).toBe(planned!.dtModified)
            expect(carries(then!.tags, ['keep', 'hold-*'])).toBe(false)
          }
          // Liveness: a planned version nothing happened to is deleted.
          const untouched = [...inPlan.keys()].filter(ref => {
            const then = before.get(ref)
            return then !== undefined && then.dtModified === inPlan.get(ref)!.dtModified
          })
          const unprotected = untouched.filter(ref => !carries(before.get(ref)!.tags, ['hold-*']))
          expect([...deleted].sort()).toEqual(unprotected.sort())
          expect(result.stop).toBeUndefined()
        }
      ),
      { numRuns: 40 }
    )
  })
})
