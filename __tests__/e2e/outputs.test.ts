import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import {
  OPERATION_OUTPUTS,
  Operations,
  Outputs,
  type Operation
} from '../../src/interface/names.ts'
import { act, errors } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

/**
 * docs/reference.md says, per operation, which outputs it sets; it is generated from
 * OPERATION_OUTPUTS, so this proves the reference true.
 */
const emulator = useEmulator()

/** The inputs of a successful run of each operation, on a dataset of its own. */
const arrange: Record<Operation, (datasetId: string) => Record<string, string>> = {
  list: datasetId => ({ datasetId }),
  get: datasetId => ({ datasetId, version: seed(datasetId) }),
  create: datasetId => ({ datasetId }),
  update: datasetId => ({ datasetId, version: seed(datasetId), message: 'Renamed' }),
  commit: datasetId => ({ datasetId, version: seed(datasetId, { isCommitted: false }) }),
  delete: datasetId => ({ datasetId, version: seed(datasetId) }),
  // A dry run: only a dry run writes the plan file (planFile); a live run sets every other one.
  cleanup: datasetId => {
    seed(datasetId, { ageMs: 30 * DAY, isCommitted: false })
    return { datasetId, dryRun: 'true' }
  },
  // batches is set only when its input is given (retention.test.ts shows it unset without).
  datasets: () => ({ batches: '2' }),
  promote: datasetId => ({ datasetId, version: seed(datasetId), tags: 'production' }),
  resolve: datasetId => {
    seed(datasetId)
    return { datasetId }
  },
  wait: datasetId => ({ datasetId, version: seed(datasetId) })
}

function seed(datasetId: string, options: { ageMs?: number; isCommitted?: boolean } = {}): string {
  const [version] = emulator().store.seedVersions(datasetId, [
    { ageMs: DAY, isCommitted: true, ...options }
  ])
  return version!.version
}

describe('each operation sets exactly the outputs the reference lists', () => {
  test.each(Operations)('%s', async operation => {
    const datasetId = freshDataset(emulator())
    const run = await act(emulator(), { operation, ...arrange[operation](datasetId) })
    expect(errors(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(Object.keys(run.outputs).sort()).toEqual([...OPERATION_OUTPUTS[operation]].sort())
  })

  test('a live cleanup sets every output of cleanup but planFile: it makes no plan', async () => {
    const datasetId = freshDataset(emulator())
    const run = await act(emulator(), {
      operation: 'cleanup',
      ...arrange.cleanup(datasetId),
      dryRun: 'false'
    })
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.deleted!)).toHaveLength(1)
    expect(Object.keys(run.outputs).sort()).toEqual(
      OPERATION_OUTPUTS.cleanup.filter(name => name !== Outputs.planFile).sort()
    )
  })
})
