/**
 * The emulator's state: datasets and their versions, in memory, optionally saved to a JSON file.
 * Shapes follow the documented v1 objects field for field (see paperspace-api notes §3).
 * Where the API's behaviour is undocumented the emulator picks one and says so in the README:
 * PUT replaces tags and metadata, a committed version cannot be uncommitted, deleting a dataset
 * deletes its versions.
 */
import { randomInt } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'

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
}

/** An error the API would answer with: status, tRPC-style code, message, optional details. */
export class EmulatorError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }
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

export class Store {
  readonly teamId: string
  readonly userId = 'uemulator'
  private readonly datasets = new Map<
    string,
    { dataset: Dataset; versions: Map<string, Version> }
  >()
  private readonly file: string | undefined

  /** With `file`, state is loaded from it when it exists and saved to it after every change. */
  constructor(file?: string) {
    this.file = file
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
      this.datasets.set(dataset.id, {
        dataset,
        versions: new Map(versions.map(v => [v.version, v]))
      })
    }
  }

  private save(): void {
    if (this.file === undefined) return
    const data: StoreData = {
      teamId: this.teamId,
      datasets: [...this.datasets.values()].map(({ dataset, versions }) => ({
        dataset,
        versions: [...versions.values()]
      }))
    }
    const temporary = `${this.file}.tmp`
    writeFileSync(temporary, JSON.stringify(data, null, 1))
    renameSync(temporary, this.file)
  }

  listDatasets(): Dataset[] {
    return [...this.datasets.values()].map(d => d.dataset)
  }

  getDataset(id: string): Dataset {
    return this.entry(id).dataset
  }

  createDataset(fields: {
    name: string
    description?: string | null
    isPublic?: boolean
    id?: string
  }): Dataset {
    const now = new Date().toISOString()
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
    this.datasets.set(id, { dataset, versions: new Map() })
    this.save()
    return dataset
  }

  updateDataset(id: string, fields: { name?: string; description?: string | null }): Dataset {
    const { dataset } = this.entry(id)
    if (fields.name !== undefined) dataset.name = fields.name
    if (fields.description !== undefined) dataset.description = fields.description
    dataset.dtModified = new Date().toISOString()
    this.save()
    return dataset
  }

  deleteDataset(id: string): { id: string } {
    this.entry(id)
    this.datasets.delete(id)
    this.save()
    return { id }
  }

  /** Every version of a dataset, in no particular order. */
  versions(datasetId: string): Version[] {
    return [...this.entry(datasetId).versions.values()]
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
    version.dtModified = new Date().toISOString()
    this.save()
    return version
  }

  deleteVersion(datasetId: string, id: string): { datasetId: string; version: string } {
    this.getVersion(datasetId, id)
    this.entry(datasetId).versions.delete(id)
    this.save()
    return { datasetId, version: id }
  }

  /** Plants versions with chosen ages and states (for cleanup tests, the demo and benchmarks). */
  seedVersions(datasetId: string, seeds: readonly VersionSeed[], now = Date.now()): Version[] {
    const planted = seeds.map(seed =>
      this.newVersion(datasetId, {
        ...(seed.version !== undefined && { version: seed.version }),
        message: seed.message ?? null,
        metadata: seed.metadata ?? null,
        tags: seed.tags ?? [],
        isCommitted: seed.isCommitted ?? false,
        usageBytes: seed.usageBytes ?? null,
        dtCreated: new Date(now - seed.ageMs).toISOString(),
        dtModified: new Date(now - (seed.modifiedAgeMs ?? seed.ageMs)).toISOString()
      })
    )
    this.save()
    return planted
  }

  private entry(datasetId: string) {
    const entry = this.datasets.get(datasetId)
    if (entry === undefined) throw new EmulatorError(404, 'NOT_FOUND', 'Dataset not found')
    return entry
  }

  private newVersion(
    datasetId: string,
    fields: Partial<Version> & Pick<Version, 'dtCreated' | 'dtModified'>
  ): Version {
    const { versions } = this.entry(datasetId)
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
    return version
  }
}
