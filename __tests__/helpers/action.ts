import type { Emulator } from '../../emulator/server.ts'
import {
  annotations,
  runAction,
  type ActionRun,
  type RunOptions
} from '../../scripts/run-action.ts'

/** Runs the bundle against the emulator with its key, as a workflow step would. */
export function act(
  emulator: Emulator,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: Omit<RunOptions, 'env'> = {}
): Promise<ActionRun> {
  return runAction(
    { baseUrl: emulator.url, apiKey: emulator.apiKey, ...inputs },
    { ...options, env }
  )
}

/** The step's error annotations, decoded. */
export const errors = (run: ActionRun): string[] => annotations(run.stdout, 'error')

/** The step's warning annotations, decoded. */
export const warnings = (run: ActionRun): string[] => annotations(run.stdout, 'warning')

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
