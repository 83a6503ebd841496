import { describe, expect, test } from '@jest/globals'
import { DAY, HOUR, history } from '../../emulator/seed.ts'
import { startEmulator } from '../../emulator/server.ts'
import {
  condition,
  evaluate,
  interpolate,
  interpolateAll
} from '../../scripts/workflow/evaluate.ts'
import { act } from '../helpers/action.ts'
import { expectedCandidates } from '../helpers/cleanup.ts'
import { documentedWorkflow } from '../helpers/workflow.ts'

describe("the README's fan-out workflow, run step by step against the emulator", () => {
  test('one job lists the datasets, a matrix job cleans each: exactly the expected versions go', async () => {
    const { datasets: listJob, cleanup: cleanJob } = await documentedWorkflow(
      'README.md',
      'Dataset cleanup (fan-out)'
    )
    const listStep = listJob!.steps.find(s => s.id === 'list')!
    const cleanStep = cleanJob!.steps.find(s => String(s.uses).includes('paperspace-dataset'))!
    const e = await startEmulator()
    try {
      const ids = [1, 2, 3].map(i => {
        const id = e.store.createDataset({ name: `team-${i}` }).id
        e.store.seedVersions(
          id,
          history({
            count: 30,
            spanMs: 14 * DAY,
            seed: i,
            tags: [
              { tag: 'release-2', share: 0.2 },
              { tag: 'keep', share: 0.1 }
            ]
            // Nothing within an hour of the 3d line, so the run's own seconds cannot move one.
          }).map(v =>
            Math.abs(v.ageMs - 3 * DAY) < HOUR ? { ...v, ageMs: v.ageMs + 2 * HOUR } : v
          )
        )
        return id
      })
      const rules = {
        olderThanMs: 3 * DAY,
        maxDeletions: 100,
        protectTags: ['keep', 'release-*'],
        keepLatest: 5
      }
      const expected = Object.fromEntries(
        ids.map(id => [id, expectedCandidates(e.store.versions(id), rules).sort()])
      )

      // Each expression is the README's own: the list job's output, the cleanup job's if: and
      // matrix, and each cleanup's inputs.
      const secrets = { PAPERSPACE_API_KEY: e.apiKey }
      const listed = await act(e, interpolateAll(listStep.with, { secrets }))
      expect(listed.exitCode).toBe(0)
      const output = interpolate(listJob!.outputs!.ids!, {
        steps: { list: { outputs: listed.outputs } }
      })
      const needs = { datasets: { outputs: { ids: output } } }
      expect(condition(cleanJob!.if!, { needs }, { failed: false })).toBe(true)
      const matrix = evaluate(cleanJob!.strategy!.matrix!.datasetId!, { needs }) as string[]
      expect([...matrix].sort()).toEqual([...ids].sort())

      for (const datasetId of matrix) {
        const inputs = interpolateAll(cleanStep.with, { secrets, matrix: { datasetId } })
        expect(inputs).toMatchObject({ operation: 'cleanup', datasetId })
        const run = await act(e, inputs)
        expect(run.exitCode).toBe(0)
        expect(JSON.parse(run.outputs.deleted!).sort()).toEqual(expected[datasetId])
      }
      const deletes = e.requests.filter(r => r.method === 'DELETE')
      expect(deletes).toHaveLength(Object.values(expected).flat().length)
    } finally {
      await e.close()
    }
  })
})
