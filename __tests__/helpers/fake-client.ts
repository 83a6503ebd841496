import type { Deletion, PaperspaceClient } from '../../src/paperspace/client.ts'
import { ApiError } from '../../src/paperspace/errors.ts'
import type { DatasetVersion } from '../../src/paperspace/types.ts'

/**
 * An in-memory PaperspaceClient for unit tests of the layers above the client (the client itself
 * is tested over HTTP against the emulator). It holds versions by ID, records every call, can fail
 * chosen calls, and measures how many calls overlap.
 */
export class FakeClient implements PaperspaceClient {
  readonly versions = new Map<string, DatasetVersion>()
  readonly calls: string[] = []
  /** Called before each GET of one version answers: lets a test change the world meanwhile. */
  beforeGet?: (id: string) => void
  /** Called when a DELETE is sent, before it answers. */
  beforeDelete?: (id: string) => void
  /** Errors to throw instead of answering, by "METHOD id". */
  readonly failures = new Map<string, ApiError>()
  /** Decides failures for calls `failures` does not name (e.g. every DELETE). */
  fail?: (method: string, id: string) => ApiError | undefined
  private inFlight = 0
  peakInFlight = 0

  constructor(versions: readonly DatasetVersion[] = []) {
    for (const v of versions) this.versions.set(v.version, v)
  }

  private async call<T>(key: string, answer: () => T): Promise<T> {
    this.calls.push(key)
    this.inFlight++
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight)
    try {
      // Answered on a later turn of the event loop, as a request would be, so calls overlap.
      await new Promise(resolve => setImmediate(resolve))
      const [method, id] = key.split(' ') as [string, string]
      const failure = this.failures.get(key) ?? this.fail?.(method, id)
      if (failure !== undefined) throw failure
      return answer()
    } finally {
      this.inFlight--
    }
  }

  private found(id: string, method: string): DatasetVersion {
    const version = this.versions.get(id)
    if (version === undefined) throw notFound(method, id)
    return version
  }

  listDatasets(): never {
    throw new Error('FakeClient does not list')
  }

  getDataset(): never {
    throw new Error('FakeClient does not read datasets')
  }

  listVersions(): never {
    throw new Error('FakeClient does not list')
  }

  getVersion(_datasetId: string, id: string): Promise<DatasetVersion> {
    this.beforeGet?.(id)
    return this.call(`GET ${id}`, () => this.found(id, 'GET'))
  }

  createVersion(): never {
    throw new Error('FakeClient does not create')
  }

  updateVersion(): never {
    throw new Error('FakeClient does not update')
  }

  deleteVersion(_datasetId: string, id: string): Promise<Deletion> {
    this.beforeDelete?.(id)
    return this.call(`DELETE ${id}`, () => {
      this.found(id, 'DELETE')
      this.versions.delete(id)
      return { version: id, alreadyGone: false }
    })
  }
}

export function apiError(method: string, id: string, status: number, code: string): ApiError {
  return new ApiError({
    method,
    path: `/datasets/dsx/versions/${id}`,
    status,
    code,
    detail: code.toLowerCase(),
    attempts: 1
  })
}

function notFound(method: string, id: string): ApiError {
  return apiError(method, id, 404, 'NOT_FOUND')
}
