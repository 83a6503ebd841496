import { describe, expect, test } from '@jest/globals'
import { DAY, HOUR, history } from '../../emulator/seed.ts'
import { startEmulator } from '../../emulator/server.ts'
import {
  condition,
  evaluate,
  interpolate,
  interpolateAll
} from '../../scripts/workflow/evaluate.ts'
import { act, errors, warnings } from '../helpers/action.ts'
import { expectedCandidates } from '../helpers/cleanup.ts'
import { documentedWorkflow } from '../helpers/workflow.ts'

describe("the README's fan-out workflow, run step by step against the emulator", () => {
  test('one job lists 300 datasets in batches, a matrix job cleans each group: exactly the expected versions go', async () => {
    const { datasets: listJob, cleanup: cleanJob } = await documentedWorkflow(
      'README.md',
      'Dataset cleanup (fan-out)'
    )
    const listStep = listJob!.steps.find(s => s.id === 'list')!
    const cleanStep = cleanJob!.steps.find(s => String(s.uses).includes('paperspace-dataset'))!
    const e = await startEmulator()
    try {
      // More datasets than a matrix has jobs (256), as many as list's default limit would miss,
      // and a public one that no group may hold.
      const ids = e.store
        .seedDatasets(
          Array.from({ length: 300 }, (_, i) => ({ name: `team-${i}`, ageMs: 300 - i }))
        )
        .map(d => d.id)
      e.store.createDataset({ name: 'public', isPublic: true })
      const busy = [0, 61, 150, 151, 299].map(i => ids[i]!)
      busy.forEach((id, i) =>
        e.store.seedVersions(
          id,
          history({
            count: 30,
            spanMs: 14 * DAY,
            seed: i + 1,
            tags: [
              { tag: 'release-2', share: 0.2 },
              { tag: 'keep', share: 0.1 }
            ]
            // Nothing within an hour of the 3d line, so the run's own seconds cannot move one.
          }).map(v =>
            Math.abs(v.ageMs - 3 * DAY) < HOUR ? { ...v, ageMs: v.ageMs + 2 * HOUR } : v
          )
        )
      )
      const rules = {
        olderThanMs: 3 * DAY,
        maxDeletions: 100,
        protectTags: ['keep', 'release-*'],
        keepLatest: 5
      }
      const expected = busy.flatMap(id =>
        expectedCandidates(e.store.versions(id), rules).map(version => `${id}:${version}`)
      )
      expect(expected.length).toBeGreaterThan(busy.length)

      // Each expression is the README's own: the list job's output, the cleanup job's if: and
      // matrix, and each cleanup's inputs.
      const secrets = { PAPERSPACE_API_KEY: e.apiKey }
      const listed = await act(e, interpolateAll(listStep.with, { secrets }))
      expect(listed.exitCode).toBe(0)
      expect(warnings(listed)).toEqual([])
      const output = interpolate(listJob!.outputs!.batches!, {
        steps: { list: { outputs: listed.outputs } }
      })
      const needs = { datasets: { outputs: { batches: output } } }
      expect(condition(cleanJob!.if!, { needs }, { failed: false })).toBe(true)
      const matrix = evaluate(cleanJob!.strategy!.matrix!.ids!, { needs }) as string[]
      const groups = matrix.map(group => group.split(','))
      expect(groups).toHaveLength(Number(listStep.with!.batches))
      expect(groups.flat()).toEqual(ids)
      expect(new Set(groups.map(group => group.length)).size).toBeLessThanOrEqual(2)

      const deleted: string[] = []
      for (const group of matrix) {
        const inputs = interpolateAll(cleanStep.with, { secrets, matrix: { ids: group } })
        expect(inputs).toMatchObject({ operation: 'cleanup', datasetId: group })
        const run = await act(e, inputs)
        expect(errors(run)).toEqual([])
        expect(run.exitCode).toBe(0)
        deleted.push(...(JSON.parse(run.outputs.deleted!) as string[]))
      }
      expect(deleted.sort()).toEqual(expected.sort())
      const deletes = e.requests.filter(r => r.method === 'DELETE')
      expect(deletes).toHaveLength(expected.length)
    } finally {
      await e.close()
    }
  }, 180_000)
})
