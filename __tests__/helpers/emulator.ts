import { afterAll, afterEach, beforeAll } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/server.ts'

/**
 * Starts one emulator for the test file and gives each test its own dataset; faults and the
 * request log are cleared after every test.
 */
export function useEmulator(): () => Emulator {
  let emulator: Emulator | undefined
  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterEach(() => {
    emulator?.clearFaults()
    emulator?.requests.splice(0)
  })
  afterAll(async () => {
    await emulator?.close()
  })
  return () => {
    if (emulator === undefined) throw new Error('the emulator is not running')
    return emulator
  }
}

/** Creates a dataset and forgets the request log of that setup. */
export function freshDataset(emulator: Emulator, name = 'test-data'): string {
  return emulator.store.createDataset({ name }).id
}
