import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { act, errors } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

// Each request is carried out on arrival and answered 250 ms later, so two processes started
// together overlap: each lists the carriers before the other's tag change lands.
const emulator = useEmulator({ latencyMs: 250 })

describe('[F-promote-race] two promotes of one tag to different versions at the same moment', () => {
  test.each([1, 2, 3, 4, 5])(
    'trial %i: never do both steps succeed while two versions carry the tag',
    async () => {
      const datasetId = freshDataset(emulator())
      const [, first, second] = emulator().store.seedVersions(datasetId, [
        { ageMs: 3 * DAY, isCommitted: true, tags: ['production'] },
        { ageMs: 2 * DAY, isCommitted: true },
        { ageMs: DAY, isCommitted: true }
      ])
      const promote = (version: string) =>
        act(emulator(), { operation: 'promote', datasetId, version, tags: 'production' })
      // Two workflow runs, two processes, started at once.
      const runs = await Promise.all([promote(first!.version), promote(second!.version)])

      const carriers = emulator()
        .store.versions(datasetId)
        .filter(version => version.tags.includes('production'))
        .map(version => version.version)
      expect(carriers.length).toBeGreaterThanOrEqual(1)
      const outcome = {
        bothSucceeded: runs.every(run => run.exitCode === 0),
        carriedBySeveral: carriers.length > 1
      }
      expect(outcome).not.toEqual({ bothSucceeded: true, carriedBySeveral: true })
      for (const run of runs.filter(r => r.exitCode !== 0)) {
        expect(run.exitCode).toBe(1)
        expect(errors(run)).toEqual([
          expect.stringContaining('another change to these tags ran at the same time')
        ])
        // What this run did is still reported.
        expect(JSON.parse(run.outputs.moved!)).toEqual([
          { tag: 'production', from: expect.any(Array) }
        ])
      }
    }
  )
})
