/**
 * What a long operation tells as it goes, as data: the runner's log shows it as lines (see
 * `report/cleanup-words.ts`). Only cleanup has steps worth telling one by one.
 */
import type { Outcome } from './cleanup/outcomes.ts'
import type { Plan } from './cleanup/plan.ts'

export type ProgressEvent =
  /** One dataset's plan is made. */
  | { readonly kind: 'cleanup-planned'; readonly datasetId: string; readonly plan: Plan }
  /** One candidate's deletion ended (or, in a dry run, was decided). */
  | { readonly kind: 'cleanup-outcome'; readonly outcome: Outcome }
  /** Every deletion has ended; `notAttempted` were left for a later run. */
  | { readonly kind: 'cleanup-done'; readonly notAttempted: number }
