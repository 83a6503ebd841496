import { describe, expect, test } from '@jest/globals'
import { tally, type OutcomeStatus } from '../../src/operations/cleanup/outcomes.ts'
import { planCleanup } from '../../src/operations/cleanup/plan.ts'
import { parseInputs } from '../../src/interface/inputs.ts'
import type { CleanupResult } from '../../src/operations/result.ts'
import { decisionReason, describeKept } from '../../src/report/cleanup-words.ts'
import { stepFailure } from '../../src/report/failure.ts'
import { fitOutputs, fitWarning, outputsFor, oversizedOutputs } from '../../src/report/outputs.ts'
import { resultRecord } from '../../src/report/result-file.ts'
import type { CleanupSettings } from '../../src/interface/settings.ts'
import { summaryFor } from '../../src/report/summary.ts'
import { reader } from '../helpers/inputs.ts'
import { outcome } from '../helpers/cleanup-result.ts'
import { cleanupExample, versionFixture } from '../helpers/versions.ts'

const NOW = Date.parse('2026-11-28T12:00:00.000Z')
const DAY = 86_400_000

function result(
  count: number,
  dryRun: boolean,
  status: (i: number) => OutcomeStatus,
  id: (i: number) => string = i => `v${i}`
): CleanupResult {
  const settings = parseInputs(
    reader({
      operation: 'cleanup',
      apiKey: 'k',
      datasetId: 'dsx',
      dryRun: String(dryRun),
      maxDeletions: '10000',
      protectTags: 'keep'
    }),
    'k'
  ) as CleanupSettings
  const versions = [
    ...Array.from({ length: count }, (_, i) =>
      versionFixture({
        version: id(i),
        dtModified: new Date(NOW - (2 + i) * DAY).toISOString(),
        usageBytes: '1048576'
      })
    ),
    versionFixture({ version: 'c1', isCommitted: true }),
    versionFixture({ version: 'k1', tags: ['keep'] })
  ]
  const plan = planCleanup(versions, NOW, settings.rules)
  const outcomes = plan.candidates.map((decision, i) => outcome(decision, status(i)))
  return {
    kind: 'cleanup',
    datasetId: 'dsx',
    several: false,
    datasets: [
      { datasetId: 'dsx', scanned: versions.length, listRequests: 1, plan, tally: tally(outcomes) }
    ],
    unlisted: [],
    settings,
    scanned: versions.length,
    listRequests: 1,
    plan,
    outcomes,
    tally: tally(outcomes),
    durationMs: 1234
  }
}

describe('cleanup report', () => {
  test('a dry run has a banner and says what would be deleted', () => {
    const markdown = summaryFor(result(3, true, () => 'would-delete'))
    expect(markdown).toContain('> [!IMPORTANT]\n> **Dry run**: nothing was deleted.')
    expect(markdown).toContain('| Mode | dry run |')
    expect(markdown).toContain('| Would be deleted | 3 |')
    expect(markdown).toContain('| Bytes that would be freed | 3.00 MiB |')
    expect(markdown).toContain('| Kept | 1 committed, 1 protected by a tag |')
    expect(markdown).toContain('| `v2` | 4d | 1.00 MiB | — | would be deleted |')
  })

  test('a live run has no banner and counts every outcome', () => {
    const markdown = summaryFor(
      result(4, false, i => (['deleted', 'gone', 'skipped', 'failed'] as const)[i]!)
    )
    expect(markdown).not.toContain('Dry run')
    expect(markdown).toContain('| Mode | live |')
    for (const row of [
      '| Deleted | 1 |',
      '| Already gone | 1 |',
      '| Skipped on a fresh read | 1 |',
      '| Failed | 1 |',
      '| Bytes freed | 1.00 MiB |',
      '| Duration | 1.2 s |'
    ]) {
      expect(markdown).toContain(row)
    }
    // The error is listed under Needs attention, never in the table.
    expect(markdown).toContain(
      '### Needs attention\n\n- **1 deletion failed** in `dsx`:\n' +
        '  - `v0`: `DELETE failed: 409 CONFLICT: busy`'
    )
    expect(markdown).toContain('| `v0` | 2d | 1.00 MiB | — | failed (see Needs attention) |')
    expect(markdown).toContain('skipped: `committed since the listing`')
  })

  test('the effective settings are in a details block', () => {
    const markdown = summaryFor(result(1, false, () => 'deleted'))
    expect(markdown).toMatch(
      /<details><summary>Settings<\/summary>\n\n\| Setting \| Value \|[\s\S]*\| maxDeletions \| 10,000 \|[\s\S]*\| protectTags \| `keep` \|[\s\S]*<\/details>/
    )
  })

  test('10,000 candidates still give a summary far below 1 MiB', () => {
    const markdown = summaryFor(result(10_000, false, () => 'deleted'))
    expect(markdown).toContain(
      '…and 9,800 more candidates, in the result file (the `resultFile` output).'
    )
    expect(Buffer.byteLength(markdown)).toBeLessThan(64 * 1024)
  })

  test('10,000 candidates: every output stays below the 1 MB GitHub keeps', () => {
    const run = result(10_000, false, i => (i % 2 === 0 ? 'deleted' : 'failed'))
    const outputs = outputsFor(run)
    expect(oversizedOutputs(outputs)).toEqual([])
    expect(fitOutputs(run, outputs)).toEqual({ values: outputs, notSet: [], shortened: [] })
    const report = JSON.parse(outputs.json!)
    expect(report.candidates).toHaveLength(10_000)
    expect(report.deleted).toHaveLength(5000)
    expect(report.failed).toHaveLength(5000)
    expect(report.counts).toEqual({
      candidates: 10_000,
      deleted: 5000,
      gone: 0,
      skipped: 0,
      failed: 5000,
      notAttempted: 0
    })
    expect(JSON.parse(outputs.candidates!)).toHaveLength(10_000)
  })

  test('ID lists past 1 MB: json falls back to counts, the lists are not set, a warning says why', () => {
    // 10,000 IDs of 128 characters: about 1.3 MB per list.
    const run = result(
      10_000,
      false,
      () => 'deleted',
      i => `v${String(i).padStart(127, '0')}`
    )
    const outputs = outputsFor(run)
    const fitted = fitOutputs(run, outputs)
    expect(fitted.notSet.map(o => o.name)).toEqual(['candidates', 'deleted'])
    expect(fitted.shortened).toEqual(['json'])
    expect(fitted.values).toMatchObject({
      deletedCount: '10000',
      remaining: '0',
      failed: '[]',
      freedBytes: String(10_000 * 1048576)
    })
    expect(fitted.values.candidates).toBeUndefined()
    expect(fitted.values.deleted).toBeUndefined()
    expect(oversizedOutputs(fitted.values)).toEqual([])
    const report = JSON.parse(fitted.values.json!)
    expect(report.counts).toMatchObject({ candidates: 10_000, deleted: 10_000 })
    expect(report.deleted).toBeUndefined()
    expect(fitWarning(fitted, 'cleanup', true)).toBe(
      'Not set, larger than the 1 MB GitHub allows for one output: candidates (1.3 MB), deleted (1.3 MB). ' +
        'json holds counts only: with its ID lists it would pass the 1 MB GitHub allows for one output. ' +
        'The complete result is in the file named by the resultFile output.'
    )
  })

  test('the result file holds every candidate with its tags, message, size, outcome and detail', () => {
    const record = resultRecord(result(3, false, i => (i === 1 ? 'failed' : 'deleted'))) as Record<
      string,
      unknown
    >
    expect(record).toMatchObject({
      candidates: ['v2', 'v1', 'v0'],
      deleted: ['v2', 'v0'],
      failed: [{ version: 'v1', error: 'DELETE failed: 409 CONFLICT: busy' }],
      deferred: []
    })
    expect(record.outcomes).toEqual([
      {
        version: 'v2',
        outcome: 'deleted',
        detail: 'uncommitted and 4d old',
        message: 'Training run',
        tags: [],
        usageBytes: '1048576',
        dtCreated: '2026-11-01T10:00:00.000Z',
        dtModified: '2026-11-24T12:00:00.000Z',
        ageMs: 4 * DAY
      },
      expect.objectContaining({
        version: 'v1',
        outcome: 'failed',
        detail: 'DELETE failed: 409 CONFLICT: busy'
      }),
      expect.objectContaining({ version: 'v0', outcome: 'deleted' })
    ])
  })

  test('outputs: candidates oldest first, deleted, counts and freed bytes', () => {
    const outputs = outputsFor(result(3, false, i => (i === 1 ? 'failed' : 'deleted')))
    expect(outputs).toMatchObject({
      datasetId: 'dsx',
      candidates: '["v2","v1","v0"]',
      candidateCount: '3',
      candidateBytes: String(3 * 1048576),
      deleted: '["v2","v0"]',
      deletedCount: '2',
      remaining: '0',
      failed: '[{"version":"v1","error":"DELETE failed: 409 CONFLICT: busy"}]',
      freedBytes: '2097152'
    })
    expect(JSON.parse(outputs.json!)).toEqual({
      datasetId: 'dsx',
      dryRun: false,
      settings: {
        datasetId: 'dsx',
        keepLatest: 0,
        olderThan: '24h',
        dryRun: false,
        maxDeletions: 10000,
        concurrency: 4,
        protectTags: ['keep'],
        tags: []
      },
      scanned: 5,
      listRequests: 1,
      kept: { committed: 1, protected: 1 },
      counts: { candidates: 3, deleted: 2, gone: 0, skipped: 0, failed: 1, notAttempted: 0 },
      stopped: null,
      candidates: ['v2', 'v1', 'v0'],
      deleted: ['v2', 'v0'],
      gone: [],
      skipped: [],
      failed: ['v1'],
      notAttempted: [],
      remaining: 0,
      freedBytes: '2097152',
      durationMs: 1234
    })
  })

  test('a dry run sets what a live run would delete now: candidateCount and candidateBytes', () => {
    expect(outputsFor(result(3, true, () => 'would-delete'))).toMatchObject({
      candidateCount: '3',
      candidateBytes: String(3 * 1048576),
      deleted: '[]',
      deletedCount: '0',
      freedBytes: '0'
    })
  })

  test('failed deletions fail the step, naming the first five and counting the rest', () => {
    const withFailures = result(8, false, i => (i < 7 ? 'failed' : 'deleted'))
    expect(stepFailure(withFailures)).toBe(
      '7 of 8 deletions failed: ' +
        ['v7', 'v6', 'v5', 'v4', 'v3']
          .map(v => `${v} (DELETE failed: 409 CONFLICT: busy)`)
          .join('; ') +
        '; and 2 more'
    )
    const clean = result(2, false, () => 'deleted')
    expect(stepFailure(clean)).toBeUndefined()
  })
})

describe('cleanup reasons, in words', () => {
  const settings = parseInputs(
    reader({
      operation: 'cleanup',
      apiKey: 'k',
      datasetId: 'dsx',
      olderThan: '7d',
      maxDeletions: '2',
      protectTags: 'keep'
    }),
    'k'
  ) as CleanupSettings
  const versions = cleanupExample(NOW)

  test('every decision reads as a sentence a person understands', () => {
    const plan = planCleanup(versions, NOW, settings.rules)
    const words = (list: 'candidates' | 'deferred' | 'kept') =>
      plan[list].map(d => [d.version.version, decisionReason(d, list, settings)])
    expect(words('candidates')).toEqual([
      ['old0001', 'uncommitted and 20d old'],
      ['old0002', 'uncommitted and 20d old']
    ])
    expect(words('deferred')).toEqual([
      ['old0003', 'uncommitted and 10d old; over the cap of 2, left for a later run']
    ])
    expect(words('kept')).toEqual([
      ['commit1', 'committed'],
      ['protect', 'protected tag keep'],
      ['young01', 'too young: modified 1d ago']
    ])
    expect(describeKept(plan)).toBe('1 committed, 1 protected by a tag, 1 too young')
  })

  test('the tags filter is named in its reason', () => {
    const filtered = { ...settings, rules: { ...settings.rules, onlyTags: ['nightly', 'exp'] } }
    const plan = planCleanup(versions, NOW, filtered.rules)
    const old = plan.kept.find(d => d.version.version === 'old0001')!
    expect(decisionReason(old, 'kept', filtered)).toBe('carries none of the tags nightly, exp')
  })
})

describe('a cleanup over thousands of datasets', () => {
  /** `count` datasets of one stale version each (all deleted), and `unlisted` that failed. */
  function several(count: number, unlisted: number): CleanupResult {
    const settings = parseInputs(
      reader({ operation: 'cleanup', apiKey: 'k', datasetId: '*', maxDeletions: '10000' }),
      'k'
    ) as CleanupSettings
    const datasets = Array.from({ length: count }, (_, i) => {
      const datasetId = `ds${String(i).padStart(13, '0')}`
      const versions = [
        versionFixture({
          version: `v${i}`,
          datasetId,
          dtModified: new Date(NOW - 2 * DAY).toISOString(),
          usageBytes: '1024'
        })
      ]
      const plan = planCleanup(versions, NOW, settings.rules)
      const candidates = plan.candidates.map(d => ({ ...d, datasetId }))
      const outcomes = candidates.map(decision => outcome(decision, 'deleted'))
      return {
        datasetId,
        scanned: 1,
        listRequests: 1,
        plan: { ...plan, candidates },
        tally: tally(outcomes, true),
        outcomes
      }
    })
    const outcomes = datasets.flatMap(d => d.outcomes)
    return {
      kind: 'cleanup',
      datasetId: datasets.map(d => d.datasetId).join(','),
      several: true,
      datasets,
      unlisted: Array.from({ length: unlisted }, (_, i) => ({
        datasetId: `dsu${i}`,
        error: `GET /datasets/dsu${i}/versions failed: 500 INTERNAL_SERVER_ERROR: ${'x'.repeat(400)}`
      })),
      settings,
      scanned: count,
      listRequests: count,
      plan: {
        candidates: datasets.flatMap(d => d.plan.candidates),
        deferred: [],
        kept: []
      },
      outcomes,
      tally: tally(outcomes, true),
      durationMs: 1000
    }
  }

  test('json drops its ID lists, then its breakdown per dataset; every output stays under 1 MB', () => {
    const run = several(8000, 500)
    const outputs = outputsFor(run)
    const fitted = fitOutputs(run, outputs)
    expect(oversizedOutputs(fitted.values)).toEqual([])
    expect(fitted.shortened).toEqual(['json'])
    const report = JSON.parse(fitted.values.json!)
    expect(report.datasets).toBeUndefined()
    expect(report.counts).toMatchObject({ candidates: 8000, deleted: 8000 })
    expect(fitted.values.deletedCount).toBe('8000')
    // The failure names every unlisted dataset; the result file keeps the breakdown.
    expect(stepFailure(run)).toContain('Dataset dsu499 could not be listed')
    const record = resultRecord(run) as { datasets: unknown[]; unlisted: unknown[] }
    expect(record.datasets).toHaveLength(8000)
    expect(record.unlisted).toHaveLength(500)
    const summary = summaryFor(run)
    expect(Buffer.byteLength(summary)).toBeLessThan(64 * 1024)
    // The 500 that could not be listed come first; the table stops at 100 rows.
    expect(summary).toContain('…and 8,400 more datasets, in the result file')
  })
})
