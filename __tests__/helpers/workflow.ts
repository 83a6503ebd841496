import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../scripts/run-action.ts'
import { readmeSources } from '../../scripts/workflow-sources.ts'

/** What the tests that follow a documented workflow read of a step and of a job. */
export interface Step {
  id?: string
  uses?: string
  with?: Record<string, string | number | boolean>
}
export interface Job {
  if?: string
  environment?: string
  outputs?: Record<string, string>
  strategy?: { matrix?: Record<string, string> }
  steps: Step[]
}

/**
 * The jobs of the workflow named `name` among the YAML examples of a Markdown file of the
 * repository (`README.md`, `docs/cleanup.md`), as a user would copy it.
 */
export async function documentedWorkflow(file: string, name: string): Promise<Record<string, Job>> {
  const text = await readFile(join(ROOT, file), 'utf8')
  const source = readmeSources(text, file).find(s => s.text.includes(`name: ${name}\n`))
  if (source === undefined) throw new Error(`${file} has no workflow named ${name}`)
  return (parse(source.text) as { jobs: Record<string, Job> }).jobs
}
