import type { Settings } from '../interface/settings.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import { cleanup } from './cleanup/cleanup.ts'
import { commit } from './commit/commit.ts'
import type { OperationContext } from './context.ts'
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

/**
 * Runs the operation the settings name. Cleanup logs its phases in groups of its own; the others
 * log in one group each (the runner does not nest groups). `signal` aborts when the run is
 * cancelled; wait stops polling on it (the other operations finish their few requests).
 */
export function execute(
  client: PaperspaceClient,
  settings: Settings,
  context: OperationContext
): Promise<Result> {
  const { log } = context
  if (settings.operation === 'cleanup') return cleanup(client, settings, context)
  if (settings.operation === 'datasets') {
    return log.group<Result>('datasets', () => datasets(client, settings, log))
  }
  return log.group<Result>(`${settings.operation} (dataset ${settings.datasetId})`, () => {
    switch (settings.operation) {
      case 'list':
        return list(client, settings, log)
      case 'get':
        return get(client, settings, log)
      case 'create':
        return create(client, settings, context)
      case 'update':
        return update(client, settings, log)
      case 'commit':
        return commit(client, settings, log)
      case 'delete':
        return remove(client, settings, log)
      case 'promote':
        return promote(client, settings, log)
      case 'resolve':
        return resolve(client, settings, log)
      case 'wait':
        return wait(client, settings, log, { signal: context.signal })
    }
  })
}
