import { describe, expect, test } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import { DAY, HOUR } from '../../emulator/seed.ts'
import { startEmulator } from '../../emulator/server.ts'
import { readmeSources } from '../../scripts/workflow-sources.ts'
import { ROOT } from '../../scripts/run-action.ts'
import { condition, interpolate, interpolateAll } from '../../scripts/workflow/evaluate.ts'
import { act } from '../helpers/action.ts'
import { runCommand } from '../helpers/process.ts'

interface Step {
  id?: string
  name?: string
  if?: string
  uses?: string
  env?: Record<string, string>
  run?: string
  with?: Record<string, string | number | boolean>
}

/** The README's scheduled cleanup, as a user would copy it. */
async function cleanupWorkflow(): Promise<{ jobs: Record<string, { steps: Step[] }> }> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
  const source = readmeSources(readme).find(s => /^name: Dataset cleanup$/m.test(s.text))
  if (source === undefined) throw new Error('the README has no scheduled cleanup workflow')
  return parse(source.text) as { jobs: Record<string, { steps: Step[] }> }
}

describe("the README's scheduled cleanup, run step by step against the emulator", () => {
  test('after its dry run with 3 candidates, its report step prints the 3 and their bytes', async () => {
    const { steps } = (await cleanupWorkflow()).jobs.cleanup!
    const cleanStep = steps.find(s => String(s.uses).includes('paperspace-dataset'))!
    const reportStep = steps.find(s => s.name === 'Report')!
    const e = await startEmulator()
    try {
      const secrets = { PAPERSPACE_API_KEY: e.apiKey }
      const inputs = interpolateAll(cleanStep.with, { secrets })
      expect(inputs).toMatchObject({ operation: 'cleanup', dryRun: 'true' })
      const datasetId = inputs.datasetId!
      e.store.createDataset({ id: datasetId, name: 'team' })
      // Three stale uncommitted versions; the rest are kept by the recipe's rules (keepLatest 5,
      // protectTags keep and release-*, olderThan 3d).
      e.store.seedVersions(datasetId, [
        { ageMs: 10 * DAY, usageBytes: '1000' },
        { ageMs: 11 * DAY, usageBytes: '2000' },
        { ageMs: 12 * DAY, usageBytes: '4000' },
        { ageMs: 12 * DAY, usageBytes: '8000', isCommitted: true },
        { ageMs: 12 * DAY, usageBytes: '8000', tags: ['keep'] },
        { ageMs: 12 * DAY, usageBytes: '8000', tags: ['release-3'] },
        ...[1, 2, 3, 4, 5].map(i => ({ ageMs: i * HOUR, usageBytes: '8000' }))
      ])

      const run = await act(e, inputs)
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({ candidateCount: '3', candidateBytes: '7000' })
      expect(e.requests.filter(r => r.method !== 'GET')).toEqual([])

      // The report step as GitHub runs it: its if:, its env: from the step's outputs, its run:.
      const contexts = { steps: { cleanup: { outputs: run.outputs } } }
      expect(condition(reportStep.if!, contexts, { failed: false })).toBe(true)
      const env = interpolateAll(reportStep.env, contexts)
      const printed = await runCommand(
        'bash',
        ['-eo', 'pipefail', '-c', interpolate(reportStep.run!, contexts)],
        { env }
      )
      expect(printed.code).toBe(0)
      expect(printed.output).toBe(
        'To delete: 3 versions (7000 bytes)\nDeleted: 0 versions (0 bytes); 0 left for later runs\n'
      )
    } finally {
      await e.close()
    }
  })
})
