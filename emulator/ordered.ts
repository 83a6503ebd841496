/**
 * A collection kept sorted by (creation time, ID), so that serving a listing page costs a binary
 * search plus the page, not a sort of the whole collection (at 100,000 versions a sort per page
 * made the emulator, not the client, the bottleneck).
 */

/** A listing position: the creation time (ISO date) and ID of an item. */
export type SortKey = readonly [created: string, id: string]

export interface PageQuery<T> {
  readonly order: 'asc' | 'desc'
  /** Start after the item with this key (it need not exist any more). */
  readonly after?: SortKey
  readonly limit: number
  /** Only items passing this are listed; the others are skipped, never sorted. */
  readonly filter?: (item: T) => boolean
}

export interface Page<T> {
  readonly items: T[]
  /** Whether an item passing the filter follows the page. */
  readonly hasMore: boolean
}

interface Entry<T> {
  readonly time: number
  readonly id: string
  readonly item: T
}

export class OrderedIndex<T> {
  private entries: Entry<T>[] = []
  private readonly keyOf: (item: T) => SortKey

  constructor(keyOf: (item: T) => SortKey) {
    this.keyOf = keyOf
  }

  get size(): number {
    return this.entries.length
  }

  /** Every item, oldest first (ties by ID). */
  values(): T[] {
    return this.entries.map(entry => entry.item)
  }

  add(item: T): void {
    const entry = this.entry(item)
    // New versions are usually the newest, so this is mostly an append.
    this.entries.splice(this.upperBound(entry), 0, entry)
  }

  /** Adds many at once with one sort, instead of one insertion each (seeding 100,000 versions). */
  addMany(items: readonly T[]): void {
    if (items.length < 8) return items.forEach(item => this.add(item))
    for (const item of items) this.entries.push(this.entry(item))
    this.entries.sort(compare)
  }

  remove(item: T): void {
    const entry = this.entry(item)
    let index = this.lowerBound(entry)
    if (this.entries[index]?.item !== item) {
      // The item's key changed after it was added (a test edited it): fall back to a scan.
      index = this.entries.findIndex(e => e.item === item)
    }
    if (index !== -1) this.entries.splice(index, 1)
  }

  page(query: PageQuery<T>): Page<T> {
    const step = query.order === 'asc' ? 1 : -1
    let index: number
    if (query.after === undefined) {
      index = step === 1 ? 0 : this.entries.length - 1
    } else {
      const position = toEntry(query.after, undefined)
      index = step === 1 ? this.upperBound(position) : this.lowerBound(position) - 1
    }
    const items: T[] = []
    const passes = query.filter ?? (() => true)
    for (; index >= 0 && index < this.entries.length; index += step) {
      const { item } = this.entries[index]!
      if (!passes(item)) continue
      if (items.length === query.limit) return { items, hasMore: true }
      items.push(item)
    }
    return { items, hasMore: false }
  }

  private entry(item: T): Entry<T> {
    return toEntry(this.keyOf(item), item)
  }

  /** The first index whose entry is not before `entry`. */
  private lowerBound(entry: Entry<unknown>): number {
    let low = 0
    let high = this.entries.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compare(this.entries[middle]!, entry) < 0) low = middle + 1
      else high = middle
    }
    return low
  }

  /** The first index whose entry is after `entry`. */
  private upperBound(entry: Entry<unknown>): number {
    let low = 0
    let high = this.entries.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compare(this.entries[middle]!, entry) <= 0) low = middle + 1
      else high = middle
    }
    return low
  }
}

function toEntry<T>([created, id]: SortKey, item: T): Entry<T> {
  return { time: Date.parse(created), id, item }
}

/** By time, then by ID compared by code unit (not locale), so ties have one stable order. */
function compare(a: Entry<unknown>, b: Entry<unknown>): number {
  return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
