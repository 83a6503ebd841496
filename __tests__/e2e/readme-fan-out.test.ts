import { describe, expect, test } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import { DAY, HOUR, history } from '../../emulator/seed.ts'
import { startEmulator } from '../../emulator/server.ts'
import { readmeSources } from '../../scripts/workflow-sources.ts'
import { ROOT } from '../../scripts/run-action.ts'
import { act } from '../helpers/action.ts'
import { expectedCandidates } from '../helpers/cleanup.ts'

interface Step {
  id?: string
  uses?: string
  with?: Record<string, string | number | boolean>
}
interface Job {
  outputs?: Record<string, string>
  strategy?: { matrix?: Record<string, string> }
  steps: Step[]
}

/** The README's fan-out workflow, as a user would copy it. */
async function fanOutWorkflow(): Promise<{ jobs: Record<string, Job> }> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
  const source = readmeSources(readme).find(s => s.text.includes('name: Dataset cleanup (fan-out)'))
  if (source === undefined) throw new Error('the README has no fan-out workflow')
  return parse(source.text) as { jobs: Record<string, Job> }
}

/** A step's inputs as strings, the key left to the test's emulator and the matrix filled in. */
function inputsOf(step: Step, matrix: Record<string, string> = {}): Record<string, string> {
  const inputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(step.with ?? {})) {
    if (name === 'apiKey') continue
    inputs[name] = String(value).replace(
      /\$\{\{\s*matrix\.(\w+)\s*\}\}/g,
      (_, key: string) => matrix[key] ?? ''
    )
  }
  return inputs
}

describe("the README's fan-out workflow, run step by step against the emulator", () => {
  test('one job lists the datasets, a matrix job cleans each: exactly the expected versions go', async () => {
    const workflow = await fanOutWorkflow()
    const { datasets: listJob, cleanup: cleanJob } = workflow.jobs
    const listStep = listJob!.steps.find(s => s.id === 'list')!
    const cleanStep = cleanJob!.steps.find(s => String(s.uses).includes('paperspace-dataset'))!
    // The wiring the test follows by hand: the job output and the matrix built from it.
    expect(listJob!.outputs).toEqual({ ids: '${{ steps.list.outputs.datasetIds }}' })
    expect(cleanJob!.strategy!.matrix).toEqual({
      datasetId: '${{ fromJSON(needs.datasets.outputs.ids) }}'
    })

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

      const listed = await act(e, inputsOf(listStep))
      expect(listed.exitCode).toBe(0)
      const matrix: string[] = JSON.parse(listed.outputs.datasetIds!)
      expect([...matrix].sort()).toEqual([...ids].sort())

      for (const datasetId of matrix) {
        const inputs = inputsOf(cleanStep, { datasetId })
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
