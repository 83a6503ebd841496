import type { DatasetVersion } from '../../src/paperspace/types.ts'

/** A valid API version object with overridable fields. */
export function versionFixture(overrides: Partial<DatasetVersion> = {}): DatasetVersion {
  return {
    version: 'abc1234',
    datasetId: 'dst364npcw6ccok',
    message: 'Training run',
    metadata: null,
    isCommitted: false,
    url: 's3://team/datasets/dst364npcw6ccok/versions/abc1234/',
    tags: [],
    usageBytes: null,
    userId: 'u123',
    dtCreated: '2026-11-01T10:00:00.000Z',
    dtModified: '2026-11-01T10:00:00.000Z',
    ...overrides
  }
}

const DAY = 86_400_000

/**
 * Six versions at `nowMs` for cleanup examples (7d, at most 2, protect `keep`): two old ones of
 * the same age, a third over the cap, and one each kept as young, committed and protected.
 */
export function cleanupExample(nowMs: number): DatasetVersion[] {
  const at = (days: number) => new Date(nowMs - days * DAY).toISOString()
  return [
    versionFixture({ version: 'young01', dtModified: at(1) }),
    versionFixture({ version: 'commit1', dtModified: at(30), isCommitted: true }),
    versionFixture({ version: 'protect', dtModified: at(30), tags: ['keep'] }),
    versionFixture({ version: 'old0002', dtModified: at(20) }),
    versionFixture({ version: 'old0001', dtModified: at(20) }),
    versionFixture({ version: 'old0003', dtModified: at(10) })
  ]
}
