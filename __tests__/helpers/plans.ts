/**
 * Plan files as the tests write them: literal JSON in the documented layout (docs/cleanup.md),
 * never made by the code under test, and a way to hand one to the input parser.
 */
import type { PlanReading } from '../../src/interface/plan-input.ts'

export const PLAN_NOW = Date.parse('2026-06-01T12:00:00.000Z')
const HOUR = 3_600_000

/** One planned version of dataset `datasetId`, modified `ageHours` before PLAN_NOW. */
export function plannedVersion(
  version: string,
  datasetId = 'dsalpha',
  ageHours = 100,
  overrides: Record<string, unknown> = {}
): Record<string, unknown> {
  const modified = new Date(PLAN_NOW - ageHours * HOUR).toISOString()
  return {
    datasetId,
    datasetName: `${datasetId} name`,
    version,
    message: 'nightly',
    dtCreated: modified,
    dtModified: modified,
    tags: [],
    usageBytes: '1024',
    rule: 'olderThan',
    ageMs: ageHours * HOUR,
    ...overrides
  }
}

/** A plan file's JSON value, made `ageHours` before PLAN_NOW. */
export function planJson(
  versions: readonly Record<string, unknown>[] = [plannedVersion('v1'), plannedVersion('v2')],
  overrides: Record<string, unknown> = {},
  ageHours = 1
): Record<string, unknown> {
  return {
    format: 'paperspace-dataset-versions/cleanup-plan',
    version: 1,
    createdAt: new Date(PLAN_NOW - ageHours * HOUR).toISOString(),
    settings: {
      datasetId: [...new Set(versions.map(v => String(v.datasetId)))].join(',') || 'dsalpha',
      olderThan: '3d',
      keepLatest: 2,
      maxDeletions: 100,
      protectTags: ['keep'],
      tags: []
    },
    versions,
    ...overrides
  }
}

/** A PlanReading that finds `files` by path (anything else is missing), at PLAN_NOW. */
export function planFiles(files: Record<string, string>, nowMs = PLAN_NOW): PlanReading {
  return {
    nowMs,
    read: path =>
      path in files ? { text: files[path]! } : { error: `ENOENT: no such file, open '${path}'` }
  }
}
