/**
 * Every input parsed and validated, up front, into one frozen settings object.
 *
 * Pure: inputs arrive through `read` (in the action, `core.getInput`), the environment as a plain
 * object. All problems are collected and reported together, each naming its input and what was
 * expected, before a single request is made.
 */
import type { CleanupRules } from './cleanup/plan.ts'
import { parseDuration } from './duration.ts'
import { InputError } from './errors.ts'
import { isPlainId, PLAIN_ID_RULE, quote } from './ids.ts'
import { API_KEY_ENV, Inputs, Operations, type InputName, type Operation } from './names.ts'
import type { VersionFields } from './paperspace/types.ts'

/** Reads one input as the runner provides it: trimmed, '' when not set. */
export type ReadInput = (name: InputName) => string

export type Order = 'asc' | 'desc'

export interface Connection {
  /** Absolute API base without a trailing slash, e.g. https://api.paperspace.com/v1. */
  readonly baseUrl: string
  readonly apiKey: string
  readonly timeoutMs: number
  readonly retries: number
}

/** Fields a create, update or commit may set from inputs. Absent means "leave as is". */
export type VersionChanges = Omit<VersionFields, 'isCommitted'>

interface Common {
  readonly connection: Connection
  readonly datasetId: string
  /** Inputs that were set but mean nothing to this operation (reported as warnings). */
  readonly ignored: readonly InputName[]
}

export interface ListSettings extends Common {
  readonly operation: 'list'
  readonly limit: number
  readonly after?: string
  readonly order: Order
  readonly tags: readonly string[]
}
export interface GetSettings extends Common {
  readonly operation: 'get'
  readonly version: string
}
export interface CreateSettings extends Common {
  readonly operation: 'create'
  readonly changes: VersionChanges
  readonly commit: boolean
  readonly provenance: boolean
}
export interface UpdateSettings extends Common {
  readonly operation: 'update'
  readonly version: string
  readonly changes: VersionChanges
  readonly commit: boolean
}
export interface CommitSettings extends Common {
  readonly operation: 'commit'
  readonly version: string
  readonly changes: VersionChanges
}
export interface DeleteSettings extends Common {
  readonly operation: 'delete'
  readonly version: string
}

export interface CleanupSettings extends Common {
  readonly operation: 'cleanup'
  /** olderThan as given (e.g. "24h"), for reports; the rules hold it in milliseconds. */
  readonly olderThan: string
  readonly rules: CleanupRules
  readonly dryRun: boolean
  readonly concurrency: number
}

export type Settings =
  | ListSettings
  | GetSettings
  | CreateSettings
  | UpdateSettings
  | CommitSettings
  | DeleteSettings
  | CleanupSettings

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
  concurrency: '4'
}

/** Bounds, named so the action, its docs and its tests agree. */
export const LIMITS = {
  list: { min: 1, max: 10_000 },
  timeoutSeconds: { min: 1, max: 600 },
  retries: { min: 0, max: 10 },
  maxDeletions: { min: 1, max: 10_000 },
  concurrency: { min: 1, max: 16 },
  tagLength: 100,
  cursorLength: 1024
} as const

const COMMON_INPUTS: readonly InputName[] = [
  Inputs.operation,
  Inputs.apiKey,
  Inputs.datasetId,
  Inputs.baseUrl,
  Inputs.timeout,
  Inputs.retries
]

/** Which inputs each operation reads, beyond the common ones. */
export const OPERATION_INPUTS: Readonly<Record<Operation, readonly InputName[]>> = {
  list: [Inputs.limit, Inputs.after, Inputs.order, Inputs.tags],
  get: [Inputs.version],
  create: [Inputs.message, Inputs.tags, Inputs.metadata, Inputs.commit, Inputs.provenance],
  update: [Inputs.version, Inputs.message, Inputs.tags, Inputs.metadata, Inputs.commit],
  commit: [Inputs.version, Inputs.message, Inputs.tags, Inputs.metadata],
  delete: [Inputs.version],
  cleanup: [
    Inputs.olderThan,
    Inputs.dryRun,
    Inputs.maxDeletions,
    Inputs.concurrency,
    Inputs.protectTags,
    Inputs.tags
  ]
}

/** The key to use: the apiKey input, else the PAPERSPACE_API_KEY environment variable. */
export function resolveApiKey(
  read: ReadInput,
  env: Readonly<Record<string, string | undefined>>
): string {
  return read(Inputs.apiKey) || (env[API_KEY_ENV] ?? '').trim()
}

export function parseInputs(read: ReadInput, env: Readonly<Record<string, string | undefined>>) {
  const input: InputReader = new InputReader(read)
  const operation = input.operation()
  const connection: Connection = {
    apiKey: input.apiKey(resolveApiKey(read, env)),
    baseUrl: input.baseUrl(Inputs.baseUrl),
    timeoutMs: input.integer(Inputs.timeout, LIMITS.timeoutSeconds, 'seconds') * 1000,
    retries: input.integer(Inputs.retries, LIMITS.retries)
  }
  const datasetId = input.id(Inputs.datasetId)
  if (operation === undefined) input.fail()

  const used = new Set([...COMMON_INPUTS, ...OPERATION_INPUTS[operation]])
  const ignored = (Object.values(Inputs) as InputName[]).filter(
    name => !used.has(name) && read(name) !== '' && read(name) !== DEFAULTS[name]
  )
  const common = { connection, datasetId, ignored }
  const settings = ((): Settings => {
    switch (operation) {
      case 'list':
        return {
          ...common,
          operation,
          limit: input.integer(Inputs.limit, LIMITS.list),
          after: input.cursor(Inputs.after),
          order: input.oneOf(Inputs.order, ['asc', 'desc'] as const),
          tags: input.tags(Inputs.tags) ?? []
        }
      case 'get':
      case 'delete':
        return { ...common, operation, version: input.id(Inputs.version) }
      case 'create':
        return {
          ...common,
          operation,
          changes: input.changes(),
          commit: input.boolean(Inputs.commit),
          provenance: input.boolean(Inputs.provenance)
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
      case 'cleanup': {
        const olderThan = input.value(Inputs.olderThan)
        return {
          ...common,
          operation,
          olderThan,
          rules: {
            olderThanMs: input.duration(Inputs.olderThan),
            maxDeletions: input.integer(Inputs.maxDeletions, LIMITS.maxDeletions),
            protectTags: input.tags(Inputs.protectTags) ?? [],
            onlyTags: input.tags(Inputs.tags) ?? []
          },
          dryRun: input.boolean(Inputs.dryRun),
          concurrency: input.integer(Inputs.concurrency, LIMITS.concurrency)
        }
      }
    }
  })()
  if (input.problems.length > 0) input.fail()
  return Object.freeze(settings)
}

/** Parses single inputs, collecting every problem instead of stopping at the first. */
class InputReader {
  readonly problems: string[] = []
  private readonly read: ReadInput

  constructor(read: ReadInput) {
    this.read = read
  }

  problem(text: string): void {
    this.problems.push(text)
  }

  fail(): never {
    throw new InputError(this.problems)
  }

  value(name: InputName): string {
    return this.read(name) || DEFAULTS[name] || ''
  }

  operation(): Operation | undefined {
    const raw = this.value(Inputs.operation).toLowerCase()
    const found = Operations.find(op => op === raw)
    if (found === undefined) {
      this.problem(
        raw === ''
          ? `${Inputs.operation}: required, one of ${Operations.join(', ')}`
          : `${Inputs.operation}: expected one of ${Operations.join(', ')}; got ${quote(raw)}`
      )
    }
    return found
  }

  apiKey(key: string): string {
    // Never quote the key itself, not even a bad one.
    if (key === '') {
      this.problem(
        `${Inputs.apiKey}: required; set the input or the ${API_KEY_ENV} environment variable`
      )
    } else if (/[\s\p{Cc}]/u.test(key)) {
      this.problem(`${Inputs.apiKey}: must not contain whitespace or control characters`)
    }
    return key
  }

  id(name: InputName): string {
    const raw = this.value(name)
    if (raw === '') this.problem(`${name}: required for this operation`)
    else if (!isPlainId(raw))
      this.problem(`${name}: expected a plain ID (${PLAIN_ID_RULE}); got ${quote(raw)}`)
    return raw
  }

  integer(name: InputName, range: { min: number; max: number }, unit = ''): number {
    const raw = this.value(name)
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN
    if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
      const what = `a whole number from ${range.min} to ${range.max}${unit ? ` (${unit})` : ''}`
      this.problem(`${name}: expected ${what}; got ${quote(raw)}`)
      return range.min
    }
    return n
  }

  /** A minimum age such as 24h: an integer and one of s, m, h, d, w. */
  duration(name: InputName): number {
    const raw = this.value(name)
    const ms = parseDuration(raw)
    if (ms === undefined) {
      this.problem(
        `${name}: expected a whole number and a unit s, m, h, d or w, such as 24h or 7d (more than 0, at most 5200w); got ${quote(raw)}`
      )
      return Number.POSITIVE_INFINITY
    }
    return ms
  }

  boolean(name: InputName): boolean {
    const raw = this.value(name).toLowerCase()
    if (raw !== 'true' && raw !== 'false')
      this.problem(`${name}: expected true or false; got ${quote(raw)}`)
    return raw === 'true'
  }

  oneOf<T extends string>(name: InputName, allowed: readonly T[]): T {
    const raw = this.value(name).toLowerCase()
    const found = allowed.find(a => a === raw)
    if (found === undefined)
      this.problem(`${name}: expected one of ${allowed.join(', ')}; got ${quote(raw)}`)
    return found ?? (allowed[0] as T)
  }

  /** A comma- or newline-separated list: trimmed, empties dropped, de-duplicated in order. */
  tags(name: InputName): string[] | undefined {
    const raw = this.value(name)
    if (raw === '') return undefined
    const tags = [...new Set(raw.split(/[,\n]/).map(t => t.trim()))].filter(t => t !== '')
    for (const tag of tags) {
      if (tag.length > LIMITS.tagLength || /\p{Cc}/u.test(tag)) {
        this.problem(
          `${name}: each tag must be at most ${LIMITS.tagLength} characters without control characters; got ${quote(tag)}`
        )
      }
    }
    return tags
  }

  jsonObject(name: InputName): Record<string, unknown> | undefined {
    const raw = this.value(name)
    if (raw === '') return undefined
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch (error) {
      this.problem(
        `${name}: expected a JSON object such as {"epochs": 10}; it is not valid JSON (${(error as Error).message})`
      )
      return undefined
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      const kind =
        parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`
      this.problem(`${name}: expected a JSON object such as {"epochs": 10}; got ${kind}`)
      return undefined
    }
    return parsed as Record<string, unknown>
  }

  cursor(name: InputName): string | undefined {
    const raw = this.value(name)
    if (raw === '') return undefined
    if (raw.length > LIMITS.cursorLength || /[\s\p{Cc}]/u.test(raw)) {
      this.problem(
        `${name}: expected a cursor from a previous list's nextPage output (no spaces, at most ${LIMITS.cursorLength} characters)`
      )
    }
    return raw
  }

  baseUrl(name: InputName): string {
    const raw = this.value(name)
    const example = 'such as https://api.paperspace.com/v1'
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      this.problem(`${name}: expected an absolute URL ${example}; got ${quote(raw)}`)
      return raw
    }
    if (url.username !== '' || url.password !== '') {
      this.problem(`${name}: must not contain credentials; the key goes in ${Inputs.apiKey}`)
    } else if (url.search !== '' || url.hash !== '') {
      this.problem(`${name}: must not have a query string or fragment; got ${quote(raw)}`)
    } else if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
      this.problem(
        `${name}: http:// is only allowed for loopback hosts (localhost, 127.0.0.1, [::1]); use https://`
      )
    } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      this.problem(`${name}: expected an https:// URL ${example}; got ${quote(raw)}`)
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
  }

  changes(): VersionChanges {
    const message = this.value(Inputs.message)
    const tags = this.tags(Inputs.tags)
    const metadata = this.jsonObject(Inputs.metadata)
    return {
      ...(message !== '' && { message }),
      ...(tags !== undefined && { tags }),
      ...(metadata !== undefined && { metadata })
    }
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}
