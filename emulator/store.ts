/**
 * The emulator's state: datasets and their versions, in memory, optionally saved to a JSON file.
 * Shapes follow the spec's v1 objects field for field (see schemas.ts).
 * Where the API's behaviour is undocumented the emulator picks one and says so in docs/emulator.md:
 * PUT replaces tags and metadata, a committed version cannot be uncommitted, deleting a dataset
 * deletes its versions. Where the spec's queries are open to several readings, `readings` says
 * which one the routes take.
 */
import { randomInt } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { realClock, type EmulatorClock } from './clock.ts'
import { OrderedIndex, type Page, type PageQuery } from './ordered.ts'
import { DEFAULT_READINGS, type Readings } from './readings.ts'

export interface Dataset {
  id: string
  name: string | null
  description: string | null
  dtCreated: string
  dtModified: string
  isPublic: boolean
  storageProviderId: string | null
  teamId: string
}

export interface Version {
  version: string
  userId: string | null
  datasetId: string
  message: string | null
  metadata: Record<string, unknown> | null
  isCommitted: boolean
  url: string | null
  dtCreated: string
  dtModified: string
  tags: string[]
  usageBytes: string | null
}

/** A version to plant, with its age instead of absolute dates. */
export interface VersionSeed {
  version?: string
  /** How long ago it was created. */
  ageMs: number
  /** How long ago it was last modified; defaults to `ageMs`. */
  modifiedAgeMs?: number
  isCommitted?: boolean
  tags?: string[]
  message?: string | null
  metadata?: Record<string, unknown> | null
  usageBytes?: string | null
  /** Default: the emulator's own `s3://` address of the version. */
  url?: string | null
}

/** A dataset to plant, with its versions. */
export interface DatasetSeed {
  name?: string
  description?: string | null
  isPublic?: boolean
  /** How long ago it was created (default 0: now; ties are listed by ID). */
  ageMs?: number
  versions?: readonly VersionSeed[]
}

/**
 * An error the API would answer with: status, tRPC-style code, message, optional details (an
 * object, as the spec's error body has it: see schemas.ts).
 */
export class EmulatorError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, unknown> | undefined

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }
}

/** The API's 400 for a field that fails validation, naming the field in `details.issues`. */
export function invalidInput(path: string, message: string): EmulatorError {
  return new EmulatorError(400, 'BAD_REQUEST', `Invalid input: ${path}: ${message}`, {
    issues: [{ path: [path], message }]
  })
}

interface StoreData {
  teamId: string
  datasets: { dataset: Dataset; versions: Version[] }[]
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789'

function randomId(length: number): string {
  let id = ''
  for (let i = 0; i < length; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]
  return id
}

/**
 * A changed object's new dtModified: now, or a millisecond after the last one when now is not
 * later (two changes within a millisecond, or a date seeded ahead of the clock). The API's changes
 * on every update, and a client that reads a version again tells a change by it.
 */
function touched(previous: string): string {
  return new Date(Math.max(Date.now(), Date.parse(previous) + 1)).toISOString()
}

interface DatasetEntry {
  dataset: Dataset
  versions: Map<string, Version>
  /** The same versions in listing order, so a page never sorts the dataset. */
  order: OrderedIndex<Version>
}

export class Store {
  readonly teamId: string
  readonly userId = 'uemulator'
  /** How the routes read what the spec leaves open; tests switch them (see readings.ts). */
  readings: Readings = { ...DEFAULT_READINGS }
  private readonly datasets = new Map<string, DatasetEntry>()
  private readonly datasetOrder = new OrderedIndex<Dataset>(d => [d.dtCreated, d.id])
  /** Aborted (and replaced) by close(): ends the waits of the delayed commits pending then. */
  private pending = new AbortController()
  private readonly file: string | undefined
  private readonly clock: EmulatorClock
  /** While true, changes are saved once at the end of a batch instead of after each. */
  private batching = false

  /**
   * With `file`, state is loaded from it when it exists and saved to it after every change.
   * `clock` times the delayed commits.
   */
  constructor(file?: string, clock: EmulatorClock = realClock()) {
    this.file = file
    this.clock = clock
    this.teamId = `te${randomId(7)}`
    if (file === undefined) return
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      return
    }
    const data = JSON.parse(text) as StoreData
    this.teamId = data.teamId
    for (const { dataset, versions } of data.datasets) {
      const entry = this.addEntry(dataset)
      for (const version of versions) entry.versions.set(version.version, version)
      entry.order.addMany(versions)
    }
  }

  private save(): void {
    if (this.file === undefined || this.batching) return
    const data: StoreData = {
      teamId: this.teamId,
      datasets: this.datasetOrder.values().map(dataset => ({
        dataset,
        versions: this.entry(dataset.id).order.values()
      }))
    }
    const temporary = `${this.file}.tmp`
    writeFileSync(temporary, JSON.stringify(data, null, 1))
    renameSync(temporary, this.file)
  }

  /** Every dataset, oldest first. */
  listDatasets(): Dataset[] {
    return this.datasetOrder.values()
  }

  /** One listing page of datasets, in time proportional to the page (plus filtered-out ones). */
  pageDatasets(query: PageQuery<Dataset>): Page<Dataset> {
    return this.datasetOrder.page(query)
  }

  getDataset(id: string): Dataset {
    return this.entry(id).dataset
  }

  createDataset(fields: {
    name: string
    description?: string | null
    isPublic?: boolean
    id?: string
    /** Creation time (default now), for seeding. */
    dtCreated?: string
  }): Dataset {
    const now = fields.dtCreated ?? new Date().toISOString()
    let id = fields.id ?? `ds${randomId(13)}`
    while (fields.id === undefined && this.datasets.has(id)) id = `ds${randomId(13)}`
    const dataset: Dataset = {
      id,
      name: fields.name,
      description: fields.description ?? null,
      dtCreated: now,
      dtModified: now,
      isPublic: fields.isPublic ?? false,
      storageProviderId: null,
      teamId: this.teamId
    }
    this.addEntry(dataset)
    this.save()
    return dataset
  }

  /** Plants datasets with their versions (for multi-dataset tests and the CLI's --datasets). */
  seedDatasets(seeds: readonly DatasetSeed[], now = Date.now()): Dataset[] {
    this.batching = true
    try {
      return seeds.map((seed, i) => {
        const dataset = this.createDataset({
          name: seed.name ?? `dataset-${i + 1}`,
          ...(seed.description !== undefined && { description: seed.description }),
          ...(seed.isPublic !== undefined && { isPublic: seed.isPublic }),
          dtCreated: new Date(now - (seed.ageMs ?? 0)).toISOString()
        })
        this.seedVersions(dataset.id, seed.versions ?? [], now)
        return dataset
      })
    } finally {
      this.batching = false
      this.save()
    }
  }

  updateDataset(id: string, fields: { name?: string; description?: string | null }): Dataset {
    const { dataset } = this.entry(id)
    if (fields.name !== undefined) dataset.name = fields.name
    if (fields.description !== undefined) dataset.description = fields.description
    dataset.dtModified = touched(dataset.dtModified)
    this.save()
    return dataset
  }

  deleteDataset(id: string): { id: string } {
    const { dataset } = this.entry(id)
    this.datasets.delete(id)
    this.datasetOrder.remove(dataset)
    this.save()
    return { id }
  }

  /** Every version of a dataset, oldest first (ties by ID). */
  versions(datasetId: string): Version[] {
    return this.entry(datasetId).order.values()
  }

  /** One listing page of a dataset's versions, in time proportional to the page. */
  pageVersions(datasetId: string, query: PageQuery<Version>): Page<Version> {
    return this.entry(datasetId).order.page(query)
  }

  getVersion(datasetId: string, version: string): Version {
    const found = this.entry(datasetId).versions.get(version)
    if (found === undefined) throw new EmulatorError(404, 'NOT_FOUND', 'Dataset version not found')
    return found
  }

  createVersion(
    datasetId: string,
    fields: { message?: string; tags?: string[]; metadata?: Record<string, unknown> }
  ): Version {
    const now = new Date().toISOString()
    const version = this.newVersion(datasetId, {
      message: fields.message ?? null,
      metadata: fields.metadata ?? null,
      tags: fields.tags ?? [],
      dtCreated: now,
      dtModified: now
    })
    this.save()
    return version
  }

  updateVersion(
    datasetId: string,
    id: string,
    fields: {
      message?: string
      tags?: string[]
      metadata?: Record<string, unknown>
      isCommitted?: boolean
    }
  ): Version {
    const version = this.getVersion(datasetId, id)
    if (version.isCommitted && fields.isCommitted === false) {
      throw new EmulatorError(
        400,
        'BAD_REQUEST',
        'A committed dataset version cannot be uncommitted'
      )
    }
    if (fields.message !== undefined) version.message = fields.message
    if (fields.tags !== undefined) version.tags = fields.tags
    if (fields.metadata !== undefined) version.metadata = fields.metadata
    if (fields.isCommitted !== undefined) version.isCommitted = fields.isCommitted
    version.dtModified = touched(version.dtModified)
    this.save()
    return version
  }

  deleteVersion(datasetId: string, id: string): { datasetId: string; version: string } {
    const version = this.getVersion(datasetId, id)
    const entry = this.entry(datasetId)
    entry.versions.delete(id)
    entry.order.remove(version)
    this.save()
    return { datasetId, version: id }
  }

  /**
   * Commits a version `ms` from now, as a Paperspace job that writes and commits its output would
   * (dtModified changes). Resolves with the version once committed, or undefined when it was
   * deleted meanwhile or the store closed first. The wait never keeps the process alive.
   */
  commitAfter(datasetId: string, version: string, ms: number): Promise<Version | undefined> {
    this.getVersion(datasetId, version)
    return this.clock.until(this.clock.now() + ms, this.pending.signal).then(
      () => {
        const found = this.entry(datasetId, false)?.versions.get(version)
        if (found !== undefined && !found.isCommitted) {
          found.isCommitted = true
          found.dtModified = touched(found.dtModified)
          this.save()
        }
        return found
      },
      // The wait ends early only when the store is closed.
      () => undefined
    )
  }

  /** Cancels every pending delayed commit. */
  close(): void {
    this.pending.abort()
    this.pending = new AbortController()
  }

  /** Plants versions with chosen ages and states (for cleanup tests, the demo and benchmarks). */
  seedVersions(datasetId: string, seeds: readonly VersionSeed[], now = Date.now()): Version[] {
    const { order } = this.entry(datasetId)
    const planted: Version[] = []
    try {
      for (const seed of seeds) {
        const fields = {
          ...(seed.version !== undefined && { version: seed.version }),
          message: seed.message ?? null,
          metadata: seed.metadata ?? null,
          tags: seed.tags ?? [],
          isCommitted: seed.isCommitted ?? false,
          usageBytes: seed.usageBytes ?? null,
          ...(seed.url !== undefined && { url: seed.url }),
          dtCreated: new Date(now - seed.ageMs).toISOString(),
          dtModified: new Date(now - (seed.modifiedAgeMs ?? seed.ageMs)).toISOString()
        }
        planted.push(this.newVersion(datasetId, fields, false))
      }
    } finally {
      // One sort for the whole batch rather than one insertion per version.
      order.addMany(planted)
      this.save()
    }
    return planted
  }

  private entry(datasetId: string): DatasetEntry
  private entry(datasetId: string, required: false): DatasetEntry | undefined
  private entry(datasetId: string, required = true): DatasetEntry | undefined {
    const entry = this.datasets.get(datasetId)
    if (entry === undefined && required) {
      throw new EmulatorError(404, 'NOT_FOUND', 'Dataset not found')
    }
    return entry
  }

  private addEntry(dataset: Dataset): DatasetEntry {
    const entry: DatasetEntry = {
      dataset,
      versions: new Map(),
      order: new OrderedIndex(v => [v.dtCreated, v.version])
    }
    this.datasets.set(dataset.id, entry)
    this.datasetOrder.add(dataset)
    return entry
  }

  /** Creates a version; `indexed: false` leaves adding it to the listing order to the caller. */
  private newVersion(
    datasetId: string,
    fields: Partial<Version> & Pick<Version, 'dtCreated' | 'dtModified'>,
    indexed = true
  ): Version {
    const { versions, order } = this.entry(datasetId)
    let id = fields.version ?? randomId(7)
    if (fields.version !== undefined && versions.has(id)) {
      throw new EmulatorError(409, 'CONFLICT', `Version ${id} already exists`)
    }
    while (versions.has(id)) id = randomId(7)
    const version: Version = {
      version: id,
      userId: this.userId,
      datasetId,
      message: null,
      metadata: null,
      isCommitted: false,
      url: `s3://${this.teamId}/datasets/${datasetId}/versions/${id}/`,
      tags: [],
      usageBytes: null,
      ...fields
    }
    version.version = id
    versions.set(id, version)
    if (indexed) order.add(version)
    return version
  }
}
