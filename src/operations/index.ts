/**
 * Every operation by name, and `execute`, which runs the one the settings name. Each has the same
 * signature (see `context.ts`); cleanup logs its phases in groups of its own, the others run in
 * one group each (the runner does not nest groups).
 */
import type { Operation } from '../interface/names.ts'
import type { Settings } from '../interface/settings.ts'
import { cleanup } from './cleanup/cleanup.ts'
import { commit } from './commit/commit.ts'
import type { OperationContext, OperationRun } from './context.ts'
import { create } from './create/create.ts'
import { datasets } from './datasets.ts'
import { remove } from './delete.ts'
import { get } from './get.ts'
import { list } from './list/list.ts'
import { promote } from './promote/promote.ts'
import { resolve } from './resolve.ts'
import type { Result } from './result.ts'
import { update } from './update.ts'
import { wait } from './wait.ts'

export type { OperationContext }

type Runs = { readonly [O in Operation]: OperationRun<Extract<Settings, { operation: O }>, Result> }

const OPERATIONS: Runs = {
  list,
  get,
  create,
  update,
  commit,
  delete: remove,
  cleanup,
  datasets,
  promote,
  resolve,
  wait
}

export function execute(settings: Settings, context: OperationContext): Promise<Result> {
  const run = OPERATIONS[settings.operation] as OperationRun<Settings, Result>
  if (settings.operation === 'cleanup') return run(settings, context)
  const title =
    settings.operation === 'datasets'
      ? 'datasets'
      : `${settings.operation} (dataset ${settings.datasetId})`
  return context.log.group(title, () => run(settings, context))
}
