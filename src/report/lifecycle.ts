/**
 * Job summaries of promote, resolve and wait: what moved where, what a name resolved to, how
 * long a commit took to arrive; each followed by the version itself. Pure.
 */
import type { PromoteResult, ResolveResult, WaitResult } from '../operations/result.ts'
import { formatAge } from '../shared/age.ts'
import { table } from './format.ts'
import { inert, inertCell } from './inert.ts'
import { versionTable } from './version-table.ts'

const id = (version: string) => inert(version, 130)
const idCell = (version: string) => inertCell(version, 130)
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`
const tagsText = (tags: readonly string[]) => tags.map(tag => inert(tag, 40)).join(', ')

export function promoteSummary(result: PromoteResult): string {
  const v = result.version
  const rows = result.moved.map(move => [
    inertCell(move.tag, 40),
    v.tags.includes(move.tag) ? idCell(v.version) : 'not added',
    move.from.length === 0 ? '—' : move.from.map(idCell).join(', ')
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
    versionTable(result.datasetId, v),
    ''
  ].join('\n')
}

export function resolveSummary(result: ResolveResult): string {
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
    versionTable(result.datasetId, v),
    ''
  ].join('\n')
}

export function waitSummary(result: WaitResult): string {
  const v = result.version
  return [
    `## Dataset version ${id(v.version)} is committed`,
    '',
    result.polls === 1
      ? 'It was already committed at the first poll.'
      : `Committed after waiting ${formatAge(result.waitedMs)} (${result.polls} polls).`,
    '',
    versionTable(result.datasetId, v),
    ''
  ].join('\n')
}
