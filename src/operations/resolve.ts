import { ActionError } from '../shared/errors.ts'
import { findNewest } from '../paperspace/search.ts'
import type { DatasetVersion } from '../paperspace/types.ts'
import type { ResolveSettings } from '../interface/settings.ts'
import type { OperationContext } from './context.ts'
import type { ResolveResult } from './result.ts'

/**
 * The newest committed version carrying every given tag (any committed version when none are
 * given). Uncommitted versions never qualify: a version still being written is not one to use.
 */
export async function resolve(
  settings: ResolveSettings,
  { client, log }: OperationContext
): Promise<ResolveResult> {
  const { datasetId, tags } = settings
  let uncommitted = 0
  const carriesAll = (v: DatasetVersion) => tags.every(tag => v.tags.includes(tag))
  const matches = (v: DatasetVersion) => {
    if (!carriesAll(v)) return false
    if (!v.isCommitted) uncommitted++
    return v.isCommitted
  }
  // The filter is given only the first tag: every match carries it whether the API's filter
  // matches any or all of the given tags, and the check above does the rest.
  const search = await findNewest(client, datasetId, { tags: tags.slice(0, 1) }, matches, log)
  if (search.found === undefined) {
    const checked = plural(search.scanned, 'version')
    throw new ActionError(
      tags.length === 0
        ? `Dataset ${datasetId} has no committed version (${checked} checked)`
        : `No committed version of dataset ${datasetId} carries ${tags.length === 1 ? 'the tag' : 'all of the tags'} ` +
            `${tags.join(', ')} (${checked} checked` +
            (uncommitted === 0
              ? ')'
              : `; ${plural(uncommitted, 'uncommitted version')} ${uncommitted === 1 ? 'does' : 'do'}, and uncommitted versions are never resolved)`)
    )
  }
  log.info(
    `Resolved ${tags.length === 0 ? 'the newest committed version' : tags.join(', ')} to ` +
      `${search.found.version} (${search.scanned} versions read in ${search.pages} request(s))`
  )
  return {
    kind: 'resolve',
    datasetId,
    tags,
    version: search.found,
    scanned: search.scanned,
    listRequests: search.pages
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
