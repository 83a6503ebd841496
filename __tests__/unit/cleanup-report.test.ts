import { describe, expect, test } from '@jest/globals'
import type { Outcome, OutcomeStatus } from '../../src/cleanup/apply.ts'
import { planCleanup } from '../../src/cleanup/plan.ts'
import { parseInputs, type CleanupSettings } from '../../src/inputs.ts'
import type { CleanupResult } from '../../src/operations/result.ts'
import { cleanupReport } from '../../src/report/cleanup.ts'
import { outputsFor, oversizedOutputs } from '../../src/report/outputs.ts'
import { summaryFor } from '../../src/report/summary.ts'
import { reader } from '../helpers/inputs.ts'
import { versionFixture } from '../helpers/versions.ts'

const NOW = Date.parse('2026-11-28T12:00:00.000Z')
const DAY = 86_400_000

function result(
  count: number,
  dryRun: boolean,
  status: (i: number) => OutcomeStatus
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
    {}
  ) as CleanupSettings
  const versions = [
    ...Array.from({ length: count }, (_, i) =>
      versionFixture({
        version: `v${i}`,
        dtModified: new Date(NOW - (2 + i) * DAY).toISOString(),
        usageBytes: '1048576'
      })
    ),
    versionFixture({ version: 'c1', isCommitted: true }),
    versionFixture({ version: 'k1', tags: ['keep'] })
  ]
  const plan = planCleanup(versions, NOW, settings.rules)
  const outcomes: Outcome[] = plan.candidates.map((decision, i) => {
    const s = status(i)
    return {
      decision,
      status: s,
      detail: s === 'failed' ? 'DELETE failed: 409 CONFLICT: busy' : decision.reason,
      freedBytes: s === 'deleted' ? 1048576n : 0n
    }
  })
  const failures = outcomes.filter(o => o.status === 'failed').length
  return {
    kind: 'cleanup',
    datasetId: 'dsx',
    settings,
    scanned: versions.length,
    listRequests: 1,
    plan,
    outcomes,
    durationMs: 1234,
    ...(failures > 0 && { failure: `${failures} deletions failed` })
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
    expect(markdown).toContain('failed: DELETE failed: 409 CONFLICT: busy')
    expect(markdown).toContain('> [!WARNING]\n> 1 deletions failed')
  })

  test('the effective settings are in a details block', () => {
    const markdown = summaryFor(result(1, false, () => 'deleted'))
    expect(markdown).toMatch(
      /<details><summary>Settings<\/summary>\n\n\| Setting \| Value \|[\s\S]*\| maxDeletions \| 10000 \|[\s\S]*\| protectTags \| keep \|[\s\S]*<\/details>/
    )
  })

  test('10,000 candidates still give a summary far below 1 MiB', () => {
    const markdown = summaryFor(result(10_000, false, () => 'deleted'))
    expect(markdown).toContain('…and 9800 more.')
    expect(Buffer.byteLength(markdown)).toBeLessThan(64 * 1024)
  })

  test('10,000 candidates: every output stays below the 1 MB GitHub keeps', () => {
    const outputs = outputsFor(result(10_000, false, i => (i % 2 === 0 ? 'deleted' : 'failed')))
    expect(oversizedOutputs(outputs)).toEqual([])
    const report = JSON.parse(outputs.json!)
    expect(report.candidates).toHaveLength(1000)
    expect(report.candidatesNotDetailed).toBe(9000)
    expect(report.deleted).toHaveLength(5000)
    expect(JSON.parse(outputs.candidates!)).toHaveLength(10_000)
  })

  test('outputs: candidates oldest first, deleted, counts and freed bytes', () => {
    const outputs = outputsFor(result(3, false, i => (i === 1 ? 'failed' : 'deleted')))
    expect(outputs).toMatchObject({
      datasetId: 'dsx',
      candidates: '["v2","v1","v0"]',
      deleted: '["v2","v0"]',
      deletedCount: '2',
      remaining: '0',
      failed: '[{"version":"v1","error":"DELETE failed: 409 CONFLICT: busy"}]',
      freedBytes: '2097152'
    })
    expect(JSON.parse(outputs.json!)).toEqual(
      cleanupReport(result(3, false, i => (i === 1 ? 'failed' : 'deleted')))
    )
  })
})
