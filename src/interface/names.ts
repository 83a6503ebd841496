/**
 * Every input, output and operation name, in one place, and which outputs each operation sets.
 * `action.yml`, docs/reference.md, the README tables and the tests are checked against these
 * lists, so a name is never typed twice by hand.
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
  batches: 'batches',
  after: 'after',
  order: 'order',
  olderThan: 'olderThan',
  dryRun: 'dryRun',
  maxDeletions: 'maxDeletions',
  concurrency: 'concurrency',
  protectTags: 'protectTags',
  keepLatest: 'keepLatest',
  plan: 'plan',
  planMaxAge: 'planMaxAge',
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
  candidateCount: 'candidateCount',
  candidateBytes: 'candidateBytes',
  deleted: 'deleted',
  deletedCount: 'deletedCount',
  remaining: 'remaining',
  failed: 'failed',
  notAttempted: 'notAttempted',
  freedBytes: 'freedBytes',
  datasets: 'datasets',
  datasetIds: 'datasetIds',
  batches: 'batches',
  resultFile: 'resultFile',
  planFile: 'planFile',
  moved: 'moved'
} as const
export type OutputName = (typeof Outputs)[keyof typeof Outputs]

/** What every operation on one version sets: the version's fields, the result and its file. */
const VERSION_OUTPUTS: readonly OutputName[] = [
  Outputs.datasetId,
  Outputs.version,
  Outputs.url,
  Outputs.isCommitted,
  Outputs.tags,
  Outputs.usageBytes,
  Outputs.json,
  Outputs.resultFile
]

/**
 * The outputs each operation sets when it succeeds (datasets sets batches only when its input is
 * given): docs/reference.md is generated from this, and an end-to-end test runs every operation
 * and checks it sets exactly these.
 */
export const OPERATION_OUTPUTS: Readonly<Record<Operation, readonly OutputName[]>> = {
  list: [
    Outputs.datasetId,
    Outputs.json,
    Outputs.versions,
    Outputs.count,
    Outputs.hasMore,
    Outputs.nextPage,
    Outputs.resultFile
  ],
  get: VERSION_OUTPUTS,
  create: [...VERSION_OUTPUTS, Outputs.created],
  update: VERSION_OUTPUTS,
  commit: VERSION_OUTPUTS,
  delete: [Outputs.datasetId, Outputs.version, Outputs.json, Outputs.resultFile],
  cleanup: [
    Outputs.datasetId,
    Outputs.json,
    Outputs.candidates,
    Outputs.candidateCount,
    Outputs.candidateBytes,
    Outputs.deleted,
    Outputs.deletedCount,
    Outputs.remaining,
    Outputs.failed,
    Outputs.notAttempted,
    Outputs.freedBytes,
    Outputs.resultFile,
    Outputs.planFile
  ],
  datasets: [
    Outputs.json,
    Outputs.count,
    Outputs.hasMore,
    Outputs.datasets,
    Outputs.datasetIds,
    Outputs.batches,
    Outputs.resultFile
  ],
  promote: [...VERSION_OUTPUTS, Outputs.moved],
  resolve: VERSION_OUTPUTS,
  wait: VERSION_OUTPUTS
}

/** Environment variable read when the apiKey input is empty (the vendor's own convention). */
export const API_KEY_ENV = 'PAPERSPACE_API_KEY'
