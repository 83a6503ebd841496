import { describe, expect, test } from '@jest/globals'
import { ACTION_METADATA_KEY } from '../../src/operations/create/marks.ts'
import { createFields } from '../../src/operations/create/create.ts'
import {
  defaultMessage,
  provenanceMetadata,
  type RunContext
} from '../../src/operations/create/provenance.ts'
import type { CreateSettings } from '../../src/interface/settings.ts'

const run: RunContext = {
  repository: 'acme/models',
  sha: '3f9c2b7e1d4a5c6b7a8e9f0d1c2b3a4e5f6a7b8c',
  ref: 'refs/heads/main',
  workflow: 'Train',
  runId: 99,
  runNumber: 7,
  runAttempt: 2,
  serverUrl: 'https://github.com'
}

const marks = { token: 'tok-1', idempotencyKey: 'run-99' }

function settings(changes: CreateSettings['changes'], provenance = true): CreateSettings {
  return {
    operation: 'create',
    connection: { baseUrl: 'http://127.0.0.1/v1', apiKey: 'k', timeoutMs: 1000, retries: 0 },
    datasetId: 'ds1',
    ignored: [],
    changes,
    commit: false,
    provenance
  }
}

describe('provenance', () => {
  test('records the run under the github key, with a link to the attempt', () => {
    expect(provenanceMetadata(run)).toEqual({
      github: {
        repository: 'acme/models',
        sha: run.sha,
        ref: 'refs/heads/main',
        workflow: 'Train',
        runId: 99,
        runAttempt: 2,
        runUrl: 'https://github.com/acme/models/actions/runs/99/attempts/2'
      }
    })
  })

  test('outside a runner there is nothing to record', () => {
    expect(provenanceMetadata({})).toEqual({})
    expect(defaultMessage({})).toBeUndefined()
  })

  test('the default message names workflow, run number and short sha', () => {
    expect(defaultMessage(run)).toBe('Train #7 (3f9c2b7)')
  })

  test("the user's metadata keys win, the rest is merged", () => {
    const fields = createFields(settings({ metadata: { github: 'mine', epochs: 3 } }), run, marks)
    expect(fields.metadata).toEqual({ github: 'mine', epochs: 3, [ACTION_METADATA_KEY]: marks })
    expect(createFields(settings({ metadata: { epochs: 3 } }), run, marks).metadata).toMatchObject({
      epochs: 3,
      github: { runId: 99 }
    })
  })

  test("the user's message wins over the default", () => {
    expect(createFields(settings({ message: 'mine' }), run, marks).message).toBe('mine')
    expect(createFields(settings({}), run, marks).message).toBe('Train #7 (3f9c2b7)')
  })

  test('provenance: false sends only what the user gave, and the create token', () => {
    expect(createFields(settings({ tags: ['a'] }, false), run, marks)).toEqual({
      tags: ['a'],
      metadata: { [ACTION_METADATA_KEY]: marks }
    })
  })

  test("the token survives the user's own object under the action's key; their fields stay", () => {
    const fields = createFields(
      settings({ metadata: { [ACTION_METADATA_KEY]: { note: 'x', token: 'theirs' } } }),
      run,
      marks
    )
    expect(fields.metadata?.[ACTION_METADATA_KEY]).toEqual({ note: 'x', ...marks })
  })
})
