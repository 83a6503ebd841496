import type { Emulator } from '../../emulator/server.ts'
import { runAction, type ActionRun } from '../../scripts/run-action.ts'

/** Runs the bundle against the emulator with its key, as a workflow step would. */
export function act(
  emulator: Emulator,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<ActionRun> {
  return runAction({ baseUrl: emulator.url, apiKey: emulator.apiKey, ...inputs }, { env })
}

/** The step's error annotations, decoded. */
export function errors(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::error::'))
    .map(line => decodeURIComponent(line.slice('::error::'.length)))
}

/** The step's warning annotations, decoded. */
export function warnings(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::warning::'))
    .map(line => decodeURIComponent(line.slice('::warning::'.length)))
}

/** A GitHub run context, as the runner sets it. */
export const GITHUB_ENV = {
  GITHUB_REPOSITORY: 'acme/models',
  GITHUB_SHA: '3f9c2b7e1d4a5c6b7a8e9f0d1c2b3a4e5f6a7b8c',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_WORKFLOW: 'Train',
  GITHUB_RUN_ID: '99',
  GITHUB_RUN_NUMBER: '7',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SERVER_URL: 'https://github.com'
}
