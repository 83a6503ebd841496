/**
 * The result file: an operation's complete result as JSON, for `actions/upload-artifact` or `jq`
 * in later steps, however large it is. Outputs hold what fits in GitHub's 1 MB per output; this
 * holds everything. Pure; `main.ts` writes the text to the file named here.
 */
import type { Operation } from '../interface/names.ts'
import type { Result } from '../operations/result.ts'
import { cleanupRecord } from './cleanup.ts'

/** The complete result of a run, as the file holds it. */
export function resultRecord(result: Result): unknown {
  switch (result.kind) {
    case 'list':
      return {
        datasetId: result.datasetId,
        count: result.versions.length,
        hasMore: result.hasMore,
        nextPage: result.nextPage,
        versions: result.versions
      }
    case 'delete':
      return {
        datasetId: result.datasetId,
        version: result.version,
        deleted: true,
        alreadyGone: result.alreadyGone
      }
    case 'cleanup':
      return cleanupRecord(result)
    default: {
      const { kind: _kind, ...rest } = result
      return rest
    }
  }
}

export function resultText(result: Result): string {
  return JSON.stringify(resultRecord(result))
}

/**
 * The file's name: made of the operation (one of a fixed list) and a random token only, never of
 * API text, so nothing the API says can shape a path.
 */
export function resultFileName(operation: Operation, token: string): string {
  if (!/^[a-z0-9-]+$/i.test(token)) throw new Error('the result file token must be alphanumeric')
  return `paperspace-dataset-versions-${operation}-${token}.json`
}
