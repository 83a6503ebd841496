/**
 * Every input, output and operation name, in one place. `action.yml`, the README tables and the
 * tests are checked against these lists, so a name is never typed twice by hand.
 * Names are camelCase like the API's own fields; the runner passes `datasetId` as INPUT_DATASETID.
 */

export const Operations = [
  'list',
  'get',
  'create',
  'update',
  'commit',
  'delete',
  'cleanup',
  'datasets',
  'promote',
  'resolve',
  'wait'
] as const
export type Operation = (typeof Operations)[number]

export const Inputs = {
  operation: 'operation',
  apiKey: 'apiKey',
  datasetId: 'datasetId',
  version: 'version',
  message: 'message',
  tags: 'tags',
  metadata: 'metadata',
  commit: 'commit',
  provenance: 'provenance',
  idempotencyKey: 'idempotencyKey',
  limit: 'limit',
  after: 'after',
  order: 'order',
  olderThan: 'olderThan',
  dryRun: 'dryRun',
  maxDeletions: 'maxDeletions',
  concurrency: 'concurrency',
  protectTags: 'protectTags',
  keepLatest: 'keepLatest',
  waitTimeout: 'waitTimeout',
  baseUrl: 'baseUrl',
  timeout: 'timeout',
  retries: 'retries'
} as const
export type InputName = (typeof Inputs)[keyof typeof Inputs]

export const Outputs = {
  datasetId: 'datasetId',
  version: 'version',
  url: 'url',
  isCommitted: 'isCommitted',
  tags: 'tags',
  usageBytes: 'usageBytes',
  created: 'created',
  json: 'json',
  versions: 'versions',
  count: 'count',
  hasMore: 'hasMore',
  nextPage: 'nextPage',
  candidates: 'candidates',
  deleted: 'deleted',
  deletedCount: 'deletedCount',
  remaining: 'remaining',
  failed: 'failed',
  notAttempted: 'notAttempted',
  freedBytes: 'freedBytes',
  datasets: 'datasets',
  datasetIds: 'datasetIds',
  resultFile: 'resultFile',
  moved: 'moved'
} as const
export type OutputName = (typeof Outputs)[keyof typeof Outputs]

/** Environment variable read when the apiKey input is empty (the vendor's own convention). */
export const API_KEY_ENV = 'PAPERSPACE_API_KEY'
