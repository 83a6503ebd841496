/**
 * Every input parsed and validated, up front, into one frozen settings object: which inputs each
 * operation reads, their defaults and bounds, and `parseInputs`. The field parsers are in
 * `input-reader.ts`; the settings types in `settings.ts`.
 *
 * Pure: inputs arrive through `read` (in the action, `core.getInput`). All problems are collected
 * and reported together before a single request is made.
 */
import {
  decodeCursor,
  isOwnCursor,
  type CursorQuery,
  type ResumePoint
} from '../operations/list/cursor.ts'
import { API_KEY_ENV, Inputs, Outputs, type InputName, type Operation } from './names.ts'
import type { Settings } from './settings.ts'
import { ACTION_METADATA_KEY } from '../operations/create/marks.ts'
import { isObject } from '../shared/json.ts'
import { withPlan, type PlanReading } from './plan-input.ts'
import {
  CURSOR_MAX_LENGTH,
  InputReader,
  KEY_MAX_LENGTH,
  TAG_MAX_LENGTH,
  type ReadInput
} from './input-reader.ts'

export type { ReadInput }

/** The defaults `action.yml` declares; applied here too so an empty input means the default. */
export const DEFAULTS: Partial<Record<InputName, string>> = {
  commit: 'false',
  provenance: 'true',
  limit: '120',
  order: 'desc',
  baseUrl: 'https://api.paperspace.com/v1',
  timeout: '30',
  retries: '3',
  olderThan: '24h',
  dryRun: 'false',
  maxDeletions: '100',
  concurrency: '4',
  keepLatest: '0',
  planMaxAge: '24h',
  waitTimeout: '15m'
}

/** Bounds, named so the action, its docs and its tests agree. */
export const LIMITS = {
  list: { min: 1, max: 10_000 },
  /** A matrix holds at most 256 jobs. */
  batches: { min: 1, max: 256 },
  timeoutSeconds: { min: 1, max: 600 },
  retries: { min: 0, max: 10 },
  maxDeletions: { min: 1, max: 10_000 },
  concurrency: { min: 1, max: 16 },
  keepLatest: { min: 0, max: 10_000 },
  /** How long wait may wait: at most six hours, the longest a GitHub-hosted job may run. */
  waitTimeout: { maxMs: 6 * 3_600_000, max: '6h' },
  tagLength: TAG_MAX_LENGTH,
  cursorLength: CURSOR_MAX_LENGTH,
  idempotencyKeyLength: KEY_MAX_LENGTH
} as const

/** The inputs every operation reads. */
export const COMMON_INPUTS: readonly InputName[] = [
  Inputs.operation,
  Inputs.apiKey,
  Inputs.baseUrl,
  Inputs.timeout,
  Inputs.retries
]

/** Which inputs each operation reads, beyond the common ones. */
export const OPERATION_INPUTS: Readonly<Record<Operation, readonly InputName[]>> = {
  list: [Inputs.datasetId, Inputs.limit, Inputs.after, Inputs.order, Inputs.tags],
  get: [Inputs.datasetId, Inputs.version],
  create: [
    Inputs.datasetId,
    Inputs.message,
    Inputs.tags,
    Inputs.metadata,
    Inputs.commit,
    Inputs.provenance,
    Inputs.idempotencyKey
  ],
  update: [
    Inputs.datasetId,
    Inputs.version,
    Inputs.message,
    Inputs.tags,
    Inputs.metadata,
    Inputs.commit
  ],
  commit: [Inputs.datasetId, Inputs.version, Inputs.message, Inputs.tags, Inputs.metadata],
  delete: [Inputs.datasetId, Inputs.version],
  datasets: [Inputs.limit, Inputs.batches],
  cleanup: [
    Inputs.datasetId,
    Inputs.keepLatest,
    Inputs.olderThan,
    Inputs.dryRun,
    Inputs.maxDeletions,
    Inputs.concurrency,
    Inputs.protectTags,
    Inputs.tags,
    Inputs.plan,
    Inputs.planMaxAge
  ],
  promote: [Inputs.datasetId, Inputs.version, Inputs.tags, Inputs.commit],
  resolve: [Inputs.datasetId, Inputs.tags],
  wait: [Inputs.datasetId, Inputs.version, Inputs.waitTimeout]
}

/**
 * Whether an input was given. The runner fills in action.yml's default when an input is left
 * out, so an input set to its default counts as not given.
 */
function isGiven(read: ReadInput, name: InputName): boolean {
  const value = read(name)
  return value !== '' && value !== DEFAULTS[name]
}

/** The key to use: the apiKey input, else the PAPERSPACE_API_KEY environment variable. */
export function resolveApiKey(
  read: ReadInput,
  env: Readonly<Record<string, string | undefined>>
): string {
  return read(Inputs.apiKey) || (env[API_KEY_ENV] ?? '').trim()
}

/**
 * Settings from the inputs and the already resolved key (see `resolveApiKey`; the caller masks
 * it before anything can print), and for cleanup's plan input the file and the time to judge it
 * by. Throws an InputError listing every problem.
 */
export function parseInputs(read: ReadInput, apiKey: string, planReading?: PlanReading): Settings {
  // Annotated so that `input.fail()` (never returns) narrows `operation` below.
  const input: InputReader = new InputReader(read, DEFAULTS)
  const operation = input.operation()
  const connection = {
    apiKey: input.apiKey(apiKey),
    baseUrl: input.baseUrl(Inputs.baseUrl),
    timeoutMs: input.integer(Inputs.timeout, LIMITS.timeoutSeconds, 'seconds') * 1000,
    retries: input.integer(Inputs.retries, LIMITS.retries)
  }
  if (operation === undefined) {
    // Still report a bad datasetId with the unknown operation: every problem at once.
    if (read(Inputs.datasetId) !== '') input.id(Inputs.datasetId)
    input.fail()
  }

  const used = new Set([...COMMON_INPUTS, ...OPERATION_INPUTS[operation]])
  const ignored = (Object.values(Inputs) as InputName[]).filter(
    name => !used.has(name) && isGiven(read, name)
  )
  const connected = { connection, ignored }
  // Operations on one dataset; datasets reads none and cleanup reads a list.
  const onOne = operation !== 'cleanup' && operation !== 'datasets'
  const common = { ...connected, datasetId: onOne ? input.id(Inputs.datasetId) : '' }
  const settings = ((): Settings => {
    switch (operation) {
      case 'datasets': {
        // Left out, limit means every dataset (up to the most it may be), not list's 120.
        const limit = isGiven(read, Inputs.limit)
          ? input.integer(Inputs.limit, LIMITS.list)
          : LIMITS.list.max
        const batches = isGiven(read, Inputs.batches)
          ? input.integer(Inputs.batches, LIMITS.batches)
          : undefined
        return { ...connected, operation, limit, ...(batches !== undefined && { batches }) }
      }
      case 'list': {
        const limit = input.integer(Inputs.limit, LIMITS.list)
        const known = input.problems.length
        const after = input.cursor(Inputs.after)
        const query = {
          datasetId: common.datasetId,
          order: input.oneOf(Inputs.order, ['asc', 'desc'] as const),
          tags: input.exactTags(Inputs.tags, operation) ?? []
        }
        // A cursor already refused for its form is not read any further.
        const readable = after !== undefined && input.problems.length === known
        const resume = readable ? listResumePoint(input, after, query) : undefined
        return {
          ...common,
          operation,
          limit,
          ...(after !== undefined && { after }),
          ...(resume !== undefined && { resume }),
          order: query.order,
          tags: query.tags
        }
      }
      case 'get':
      case 'delete':
        return { ...common, operation, version: input.id(Inputs.version) }
      case 'create': {
        const changes = input.changes()
        // The action's own key holds the create's token; an object there is merged, else lost.
        const own = changes.metadata?.[ACTION_METADATA_KEY]
        if (own !== undefined && !isObject(own)) {
          input.problem(
            `${Inputs.metadata}: the key ${ACTION_METADATA_KEY} is where the action records its create token; give it an object or leave it out`
          )
        }
        const idempotencyKey = input.key(Inputs.idempotencyKey)
        return {
          ...common,
          operation,
          changes,
          commit: input.boolean(Inputs.commit),
          provenance: input.boolean(Inputs.provenance),
          ...(idempotencyKey !== undefined && { idempotencyKey })
        }
      }
      case 'update': {
        const changes = input.changes()
        const commit = input.boolean(Inputs.commit)
        if (!commit && Object.keys(changes).length === 0) {
          input.problem(
            `${Inputs.message}, ${Inputs.tags}, ${Inputs.metadata} or ${Inputs.commit}: update needs at least one of them to change`
          )
        }
        return { ...common, operation, version: input.id(Inputs.version), changes, commit }
      }
      case 'commit':
        return { ...common, operation, version: input.id(Inputs.version), changes: input.changes() }
      case 'cleanup':
        return withPlan(input, planReading, {
          ...connected,
          operation,
          // With a plan, datasetId may be left out: the plan names its datasets.
          targets:
            input.value(Inputs.plan) !== '' && input.value(Inputs.datasetId) === ''
              ? { ids: [] }
              : input.datasetTargets(Inputs.datasetId),
          olderThan: input.value(Inputs.olderThan),
          rules: {
            olderThanMs: input.duration(Inputs.olderThan),
            maxDeletions: input.integer(Inputs.maxDeletions, LIMITS.maxDeletions),
            protectTags: input.patterns(Inputs.protectTags) ?? [],
            onlyTags: input.patterns(Inputs.tags) ?? [],
            keepLatest: input.integer(Inputs.keepLatest, LIMITS.keepLatest)
          },
          dryRun: input.boolean(Inputs.dryRun),
          concurrency: input.integer(Inputs.concurrency, LIMITS.concurrency),
          planMaxAge: input.value(Inputs.planMaxAge),
          planMaxAgeMs: input.duration(Inputs.planMaxAge)
        })
      case 'promote': {
        const tags = input.exactTags(Inputs.tags, operation) ?? []
        if (tags.length === 0 && input.value(Inputs.tags) === '') {
          input.problem(
            `${Inputs.tags}: required for promote: the alias tags to move to the version, such as production`
          )
        } else if (tags.length === 0) {
          input.problem(`${Inputs.tags}: promote needs at least one tag; got only separators`)
        }
        return {
          ...common,
          operation,
          version: input.id(Inputs.version),
          tags,
          commit: input.boolean(Inputs.commit)
        }
      }
      case 'resolve':
        return { ...common, operation, tags: input.exactTags(Inputs.tags, operation) ?? [] }
      case 'wait':
        return {
          ...common,
          operation,
          version: input.id(Inputs.version),
          waitTimeout: input.value(Inputs.waitTimeout),
          waitTimeoutMs: input.duration(Inputs.waitTimeout, LIMITS.waitTimeout)
        }
    }
  })()
  if (input.problems.length > 0) input.fail()
  return Object.freeze(settings)
}

/**
 * Where a list continues from `after`. With several tags `after` must be the action's own cursor
 * for the same query (see list/cursor.ts); with one tag or none, an API cursor is taken as given,
 * and the action's own is refused as belonging to another listing.
 */
function listResumePoint(
  input: InputReader,
  after: string,
  query: CursorQuery
): ResumePoint | undefined {
  const several = query.tags.length > 1
  const own = isOwnCursor(after)
  if (!several && !own) return undefined
  const point = own ? decodeCursor(after, query) : 'not-own'
  if (typeof point !== 'string') return point
  const start = `give the ${Outputs.nextPage} output of an earlier list with the same ${Inputs.datasetId}, ${Inputs.tags} and ${Inputs.order}, or leave ${Inputs.after} empty to start over`
  input.problem(
    point === 'not-own'
      ? `${Inputs.after}: with several tags, list continues only from its own cursor, not one of the API's; ${start}`
      : point === 'other-query'
        ? `${Inputs.after}: this cursor continues another listing (another ${Inputs.datasetId}, ${Inputs.tags} or ${Inputs.order}); ${start}`
        : `${Inputs.after}: this cursor is damaged; ${start}`
  )
  return undefined
}
