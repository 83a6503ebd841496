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
