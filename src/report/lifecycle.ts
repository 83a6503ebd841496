/**
 * Job summaries of promote, resolve and wait: what moved where, what a name resolved to, how
 * long a commit took to arrive; each followed by the version itself. Pure.
 */
import type { RunContext } from '../operations/create/provenance.ts'
import type { PromoteResult, ResolveResult, WaitResult } from '../operations/result.ts'
import { formatAge } from '../shared/age.ts'
import type { Part } from './budget.ts'
import { plural, table } from './format.ts'
import { inert, inertCell, inertList } from './inert.ts'
import { versionParts } from './version-facts.ts'

const id = (version: string) => inert(version, 130)
const idCell = (version: string) => inertCell(version, 130)
const tagsText = (tags: readonly string[]) => tags.map(tag => inert(tag, 40)).join(', ')

export function promoteSummary(result: PromoteResult, run: RunContext): Part[] {
  const v = result.version
  const rows = result.moved.map(move => [
    inertCell(move.tag, 40),
    v.tags.includes(move.tag) ? idCell(v.version) : 'not added',
    inertList(move.from, 130)
  ])
  const headline =
    result.failure === undefined
      ? `## Promoted dataset version ${id(v.version)} to ${tagsText(result.tags)}`
      : `## Promotion of dataset version ${id(v.version)} to ${tagsText(result.tags)} is incomplete`
  return [
    headline,
    '',
    ...(result.failure === undefined
      ? []
      : ['> [!WARNING]', `> ${inert(result.failure, 1000)}`, '']),
    ...(result.committed ? ['The version was committed first.', ''] : []),
    ...(result.alreadyPromoted
      ? ['No tag changed: it already carried them and no other version did.', '']
      : []),
    table(['Tag', 'Now on', 'Taken from'], rows),
    '',
    ...versionParts(result.datasetId, v, run),
    ''
  ]
}

export function resolveSummary(result: ResolveResult, run: RunContext): Part[] {
  const v = result.version
  const what =
    result.tags.length === 0
      ? 'the newest committed version'
      : `the newest committed version carrying ${tagsText(result.tags)}`
  return [
    result.tags.length === 0
      ? `## Resolved the newest committed dataset version: ${id(v.version)}`
      : `## Resolved ${tagsText(result.tags)} to dataset version ${id(v.version)}`,
    '',
    `It is ${what}; found after reading ${plural(result.scanned, 'version')} in ` +
      `${plural(result.listRequests, 'request')}.`,
    '',
    ...versionParts(result.datasetId, v, run),
    ''
  ]
}

export function waitSummary(result: WaitResult, run: RunContext): Part[] {
  const v = result.version
  return [
    `## Dataset version ${id(v.version)} is committed`,
    '',
    result.polls === 1
      ? 'It was already committed at the first poll.'
      : `Committed after waiting ${formatAge(result.waitedMs)} (${plural(result.polls, 'poll')}).`,
    '',
    ...versionParts(result.datasetId, v, run),
    ''
  ]
}
