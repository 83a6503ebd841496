import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { DAY, HOUR, history } from '../../emulator/seed.ts'
import { startEmulator, type Emulator } from '../../emulator/server.ts'
import { condition, interpolate, interpolateAll } from '../../scripts/workflow/evaluate.ts'
import { act } from '../helpers/action.ts'
import { expectedCandidates } from '../helpers/cleanup.ts'
import { documentedWorkflow, type Job, type Step } from '../helpers/workflow.ts'

const ours = (step: Step) => String(step.uses).startsWith('paperspace-dataset-versions/')
/** The step of a job that uses `action` (pinned by a full commit SHA, as the docs require). */
function stepUsing(job: Job, action: string): Step {
  const step = job.steps.find(s => String(s.uses).startsWith(`${action}@`))
  expect(step?.uses).toMatch(new RegExp(`^${action}@[0-9a-f]{40}$`))
  return step!
}

let e: Emulator
let runnerTemp: string
beforeAll(async () => {
  e = await startEmulator()
  runnerTemp = await mkdtemp(join(tmpdir(), 'pdv-apply-job-'))
})
afterAll(async () => {
  await e.close()
  await rm(runnerTemp, { recursive: true, force: true })
})

describe("the README's reviewed-deletions workflow, run step by step against the emulator", () => {
  test('the plan job plans and uploads; the apply job, once approved, downloads the plan and deletes exactly it', async () => {
    const jobs = await documentedWorkflow('README.md', 'Dataset cleanup (reviewed)')
    const [planJob, applyJob] = [jobs.plan!, jobs.apply!]
    const rules = {
      olderThanMs: 3 * DAY,
      maxDeletions: 500,
      protectTags: ['keep', 'release-*'],
      keepLatest: 5
    }
    // The datasets the workflow names, each with a history of versions; nothing within an hour of
    // the 3d line, so the run's own seconds cannot move one across it.
    const ids = ['dst364npcw6ccok', 'dsa1b2c3d4e5f6g']
    const expected = ids.flatMap((id, i) => {
      e.store.createDataset({ name: `models-${i}`, id })
      e.store.seedVersions(
        id,
        history({
          count: 40,
          spanMs: 14 * DAY,
          seed: i + 7,
          tags: [
            { tag: 'release-3', share: 0.1 },
            { tag: 'keep', share: 0.1 }
          ]
        }).map(v => (Math.abs(v.ageMs - 3 * DAY) < HOUR ? { ...v, ageMs: v.ageMs + 2 * HOUR } : v))
      )
      return expectedCandidates(e.store.versions(id), rules).map(version => `${id}:${version}`)
    })
    expect(expected.length).toBeGreaterThan(10)
    const secrets = { PAPERSPACE_API_KEY: e.apiKey }

    // The plan job: the dry run, then the upload of the file its planFile output names.
    const planStep = planJob.steps.find(ours)!
    const dry = await act(e, interpolateAll(planStep.with, { secrets }))
    expect(dry.exitCode).toBe(0)
    expect(e.requests.filter(r => r.method !== 'GET')).toEqual([])
    const steps = { [planStep.id!]: { outputs: dry.outputs } }
    const upload = stepUsing(planJob, 'actions/upload-artifact')
    const uploaded = interpolateAll(upload.with, { steps })
    expect(uploaded.path).toBe(dry.outputs.planFile)
    const artifact = { name: uploaded.name, file: basename(uploaded.path!), text: dry.planFile! }

    // The apply job runs (after its approval) only when the plan holds something.
    const needs = {
      plan: {
        outputs: { candidates: interpolate(planJob.outputs!.candidates!, { steps }) }
      }
    }
    expect(condition(applyJob.if!, { needs }, { failed: false })).toBe(true)
    const empty = { plan: { outputs: { candidates: '[]' } } }
    expect(condition(applyJob.if!, { needs: empty }, { failed: false })).toBe(false)
    expect(applyJob.environment).toBe('dataset-deletions')

    // The download puts the artifact's file in the folder the step names.
    const runner = { temp: runnerTemp }
    const download = interpolateAll(stepUsing(applyJob, 'actions/download-artifact').with, {
      runner
    })
    expect(download.name).toBe(artifact.name)
    await mkdir(download.path!, { recursive: true })
    await writeFile(join(download.path!, artifact.file), artifact.text)

    e.requests.splice(0)
    const applyStep = applyJob.steps.find(ours)!
    const applied = await act(e, interpolateAll(applyStep.with, { secrets, runner }))
    expect(applied.exitCode).toBe(0)
    expect([...(JSON.parse(applied.outputs.deleted!) as string[])].sort()).toEqual(
      [...expected].sort()
    )
    const deletes = e.requests.filter(r => r.method === 'DELETE')
    expect(deletes).toHaveLength(expected.length)
    expect(e.requests.filter(r => r.path.endsWith('/versions'))).toEqual([])
  })
})
