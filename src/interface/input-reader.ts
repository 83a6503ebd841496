/**
 * Reads single inputs into typed values, collecting every problem instead of stopping at the
 * first, so a user sees all that is wrong with a step at once. Each problem names its input and
 * what was expected. Pure: inputs arrive through `read`.
 */
import { MAX_METADATA_DEPTH, nestsDeeperThan } from '../shared/json.ts'
import { parseDuration } from './duration.ts'
import { InputError } from '../shared/errors.ts'
import { isPlainId, PLAIN_ID_RULE } from '../shared/ids.ts'
import { quote } from '../shared/quote.ts'
import { API_KEY_ENV, Inputs, Operations, type InputName, type Operation } from './names.ts'
import type { DatasetTargets, VersionChanges } from './settings.ts'

/** Reads one input as the runner provides it: trimmed, '' when not set. */
export type ReadInput = (name: InputName) => string

/**
 * The duration units a value within `maxMs` can use, as a message lists them ("s, m or h"): a
 * unit of which even 1 is longer than the bound (1d for a 6h bound) accepts no value at all.
 */
export function durationUnits(maxMs = Number.POSITIVE_INFINITY): string {
  const units = ['s', 'm', 'h', 'd', 'w'].filter(unit => (parseDuration(`1${unit}`) ?? 0) <= maxMs)
  return `${units.slice(0, -1).join(', ')} or ${units.at(-1)}`
}

/** Longest tag, `after` cursor and idempotencyKey accepted. */
export const TAG_MAX_LENGTH = 100
export const CURSOR_MAX_LENGTH = 8192
export const KEY_MAX_LENGTH = 256

/** Parses single inputs; `problems` collects what is wrong with them. */
export class InputReader {
  readonly problems: string[] = []
  private readonly read: ReadInput
  /** What an empty input means: action.yml's defaults. */
  private readonly defaults: Partial<Record<InputName, string>>

  constructor(read: ReadInput, defaults: Partial<Record<InputName, string>>) {
    this.read = read
    this.defaults = defaults
  }

  problem(text: string): void {
    this.problems.push(text)
  }

  fail(): never {
    throw new InputError(this.problems)
  }

  value(name: InputName): string {
    return this.read(name) || this.defaultOf(name)
  }

  /** What the input is when not given: its default, or ''. */
  defaultOf(name: InputName): string {
    return this.defaults[name] || ''
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
    else if (!isPlainId(raw)) {
      // Cleanup takes several datasets or *; a user who copies that to another step is told so.
      const several = name === Inputs.datasetId && (raw === '*' || /[,\n]/.test(raw))
      this.problem(
        `${name}: expected a plain ID (${PLAIN_ID_RULE}); got ${quote(raw)}` +
          (several ? '; several datasets or * (every dataset) are for operation cleanup only' : '')
      )
    }
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

  /**
   * A duration such as 24h: an integer and one of s, m, h, d, w. `upTo` lowers the longest
   * accepted (5200w) for inputs with a tighter bound, such as waitTimeout.
   */
  duration(name: InputName, upTo?: { maxMs: number; max: string }): number {
    const raw = this.value(name)
    const ms = parseDuration(raw)
    if (ms === undefined || (upTo !== undefined && ms > upTo.maxMs)) {
      const example = upTo === undefined ? '24h or 7d' : '15m or 2h'
      this.problem(
        `${name}: expected a whole number and a unit ${durationUnits(upTo?.maxMs)}, such as ${example} (more than 0, at most ${upTo?.max ?? '5200w'}); got ${quote(raw)}`
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
      if (tag.length > TAG_MAX_LENGTH || /\p{Cc}/u.test(tag)) {
        this.problem(
          `${name}: each tag must be at most ${TAG_MAX_LENGTH} characters without control characters; got ${quote(tag)}`
        )
      }
    }
    return tags
  }

  /**
   * Exact tags for an operation that matches them exactly (list, promote, resolve): `*` and `?`
   * are refused there, because they are wildcards in cleanup and a user may expect them to be here.
   */
  exactTags(name: InputName, operation: Operation): string[] | undefined {
    const tags = this.tags(name)
    for (const tag of tags ?? []) {
      if (/[*?]/.test(tag)) {
        this.problem(
          `${name}: ${operation} matches tags exactly; * and ? are wildcards only for cleanup; got ${quote(tag)}`
        )
      }
    }
    return tags
  }

  /**
   * Tag patterns (`*` and `?` wildcards, see cleanup/patterns.ts): tags, plus a refusal of the
   * characters of regular expressions, which a user may reach for but which are not supported.
   */
  patterns(name: InputName): string[] | undefined {
    const patterns = this.tags(name)
    for (const pattern of patterns ?? []) {
      if (/[\\^$|()[\]{}]/.test(pattern)) {
        this.problem(
          `${name}: patterns support only the wildcards * and ? (no regular expressions); got ${quote(pattern)}`
        )
      }
    }
    return patterns
  }

  /** Dataset IDs for a cleanup: one, several (comma- or newline-separated), or `*` for all. */
  datasetTargets(name: InputName): DatasetTargets {
    const raw = this.value(name)
    if (raw === '') {
      this.problem(
        `${name}: required for this operation (an ID, several IDs, or * for every dataset)`
      )
      return { ids: [] }
    }
    const entries = raw.split(/[,\n]/).map(entry => entry.trim())
    if (entries.includes('')) {
      this.problem(`${name}: the list has an empty entry; got ${quote(raw)}`)
    }
    const given = entries.filter(entry => entry !== '')
    if (given.includes('*')) {
      if (given.length > 1) {
        this.problem(`${name}: * (every dataset) cannot be combined with dataset IDs`)
      }
      return { all: true }
    }
    for (const id of given) {
      if (!isPlainId(id)) {
        this.problem(`${name}: expected plain IDs (${PLAIN_ID_RULE}); got ${quote(id)}`)
      }
    }
    return { ids: [...new Set(given)] }
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
    if (nestsDeeperThan(parsed, MAX_METADATA_DEPTH)) {
      this.problem(
        `${name}: nested more than ${MAX_METADATA_DEPTH} levels deep (objects and arrays within each other); flatten it`
      )
      return undefined
    }
    return parsed as Record<string, unknown>
  }

  cursor(name: InputName): string | undefined {
    const raw = this.value(name)
    if (raw === '') return undefined
    if (raw.length > CURSOR_MAX_LENGTH || /[\s\p{Cc}]/u.test(raw)) {
      this.problem(
        `${name}: expected a cursor from a previous list's nextPage output (no spaces, at most ${CURSOR_MAX_LENGTH} characters)`
      )
    }
    return raw
  }

  /** Free text that identifies something (an idempotency key): bounded, one line. */
  key(name: InputName): string | undefined {
    const raw = this.value(name)
    if (raw === '') return undefined
    if (raw.length > KEY_MAX_LENGTH || /\p{Cc}/u.test(raw)) {
      this.problem(
        `${name}: expected at most ${KEY_MAX_LENGTH} characters without control characters (such as \${{ github.run_id }}-model); got ${raw.length} characters`
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
