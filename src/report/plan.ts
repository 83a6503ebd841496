/**
 * The plan file in a cleanup's job summary: on a dry run's page, that its plan can be applied
 * (what the file is, how many versions, until when, how); on an apply's, what became of the
 * plan's versions. Pure; each block is a list of Markdown lines, empty when it does not apply.
 */
import type { Outcome, OutcomeStatus } from '../operations/cleanup/outcomes.ts'
import type { CleanupResult } from '../operations/result.ts'
import { Inputs, Outputs } from '../interface/names.ts'
import { formatDate } from './format.ts'
import { inert } from './inert.ts'

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

/** A dry run's "this plan can be applied" block. */
export function planReview(result: CleanupResult): string[] {
  const file = result.planFile
  if (file === undefined) return []
  const s = result.settings
  const count = file.versions.length
  const until = formatDate(new Date(Date.parse(file.createdAt) + s.planMaxAgeMs).toISOString())
  return [
    '> [!NOTE]',
    count === 0
      ? `> **This run's plan holds no version**: applying it would delete nothing.`
      : `> **This plan can be applied.** The file named by the \`${Outputs.planFile}\` output holds ` +
        `the ${plural(count, 'version')} this dry run would delete, every one, with the settings ` +
        `that chose them. A cleanup step with \`${Inputs.plan}\` set to that file deletes exactly ` +
        `them and nothing else, until ${until} (\`${Inputs.planMaxAge}\` ${inert(s.planMaxAge, 20)} ` +
        `after ${formatDate(file.createdAt)}, when the plan was made). Each is read again first, ` +
        'and skipped if it was committed, modified or given a protected tag meanwhile.',
    ''
  ]
}

/** An apply's "Applied plan" block: the plan, and how many of its versions went and why not. */
export function appliedPlan(result: CleanupResult): string[] {
  const plan = result.settings.plan
  if (plan === undefined) return []
  const counts = new Map<string, number>()
  for (const outcome of result.outcomes) {
    const key = outcomeKey(outcome)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const total = plan.file.versions.length
  const deleted = counts.get('deleted') ?? 0
  counts.delete('deleted')
  const made = plan.file.settings
  const tags = (patterns: readonly string[]) =>
    patterns.length === 0 ? 'none' : patterns.map(p => inert(p, 40)).join(', ')
  return [
    '> [!NOTE]',
    `> **Applied plan** ${inert(plan.path, 120)}, made ${formatDate(plan.file.createdAt)}: ` +
      `${deleted} of its ${plural(total, 'version')} deleted` +
      (counts.size === 0 ? '.' : `; not deleted:`),
    ...[...counts].map(([reason, count]) => `> - ${reason}: ${count}`),
    '>',
    `> The plan's rules: ${Inputs.olderThan} ${inert(made.olderThan, 20)}, ` +
      `${Inputs.keepLatest} ${made.keepLatest}, ${Inputs.protectTags} ${tags(made.protectTags)}, ` +
      `${Inputs.tags} ${tags(made.tags)}; this step's own ${Inputs.protectTags}: ` +
      `${tags(result.settings.rules.protectTags)}.`,
    ''
  ]
}

const NOT_SKIPPED: Readonly<Record<Exclude<OutcomeStatus, 'skipped'>, string>> = {
  'would-delete': 'would be deleted',
  deleted: 'deleted',
  gone: 'already gone (deleted by someone else)',
  failed: 'failed',
  'not-attempted': 'not attempted (the run stopped first)'
}

/** How an outcome counts in the block: deleted, or the reason it was not. */
function outcomeKey(outcome: Outcome): string {
  if (outcome.status !== 'skipped') return NOT_SKIPPED[outcome.status]
  switch (outcome.skip.change) {
    case 'committed':
      return 'skipped, committed since the plan'
    case 'modified':
      return 'skipped, modified since the plan'
    case 'now-kept':
      return `skipped, now carries the protected tag ${inert(outcome.skip.keep.tag ?? '', 40)}`
  }
}
