import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import type { ActionRun } from '../../scripts/run-action.ts'
import { act, GITHUB_ENV } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

/**
 * Text from the API (tags, message, url, cursors, error messages) is written by whoever can edit a
 * dataset. The runner acts on any line that starts with `::` (after blanks) or holds `##[`, so no
 * line the action prints may do so unless it is a command the action itself issues.
 */
const emulator = useEmulator()

const INJECTED = [
  '::error::planted error',
  '::add-mask::planted',
  '::stop-commands::planted-token',
  '::set-output name=version::planted',
  '  ::warning::indented',
  '##[error]old style'
]
const payload = (label: string) => `${label}\n${INJECTED.join('\n')}\r\n::notice::last`

/** The commands the action issues itself; anything else starting with `::` was planted. */
const OWN_COMMANDS = /^::(add-mask|debug|warning|error|group|endgroup)::/

function expectNoPlantedCommand(run: ActionRun): void {
  const lines = `${run.stdout}\n${run.stderr}`.split(/\r\n|\r|\n/)
  for (const line of lines) {
    // The runner tries the older `##[` form, found anywhere, only on lines that are no `::` command.
    if (!line.trimStart().startsWith('::')) {
      expect(line).not.toContain('##[')
      continue
    }
    // A command of the action's own: at the start of the line, one of its kinds (@actions/core
    // escapes line breaks in their message)...
    expect(line).toMatch(OWN_COMMANDS)
    // ...and masks are only ever for the key.
    if (line.startsWith('::add-mask::')) expect(line).toBe(`::add-mask::${emulator().apiKey}`)
  }
}

function plant(datasetId: string): string {
  const [seeded] = emulator().store.seedVersions(datasetId, [
    { ageMs: 10 * DAY, tags: ['ok', payload('tag')], message: payload('message') },
    { ageMs: 9 * DAY, tags: ['other'], message: payload('second') }
  ])
  // The url is the API's own; a hostile or broken API can put anything there, and in nextPage.
  const withUrl = (item: Record<string, unknown>) => ({ ...item, url: payload('url') })
  emulator().inject({
    method: 'GET',
    times: Infinity,
    mapBody: body => {
      const b = body as Record<string, unknown>
      if (!Array.isArray(b.items)) return withUrl(b)
      return {
        ...b,
        items: (b.items as Record<string, unknown>[]).map(withUrl),
        ...(b.hasMore === true && { nextPage: payload('cursor') })
      }
    }
  })
  return seeded!.version
}

const debug = { ...GITHUB_ENV, RUNNER_DEBUG: '1' }

describe('no line the action prints starts a workflow command it did not issue', () => {
  test('get', async () => {
    const datasetId = freshDataset(emulator())
    const version = plant(datasetId)
    const run = await act(emulator(), { operation: 'get', datasetId, version }, debug)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('::debug::')
    expectNoPlantedCommand(run)
    // The text is still shown, neutralised: line breaks escaped, one line per output.
    expect(run.stdout).toContain(`tags: ok,tag\\n::error::planted error\\n::add-mask::planted`)
    expect(run.stdout).toContain(`url: url\\n::error::planted error`)
    // Outputs keep the exact values: the output file format carries them safely.
    expect(run.outputs.tags).toBe(`ok,${payload('tag')}`)
    expect(run.outputs.url).toBe(payload('url'))
  })

  test('list, with a planted cursor', async () => {
    const datasetId = freshDataset(emulator())
    plant(datasetId)
    const run = await act(emulator(), { operation: 'list', datasetId, limit: '1' }, debug)
    expect(run.exitCode).toBe(0)
    expectNoPlantedCommand(run)
    expect(run.outputs.nextPage).toBe(payload('cursor'))
    expect(run.stdout).toContain(`nextPage: cursor\\n::error::planted error`)
  })

  test('a cleanup dry run', async () => {
    const datasetId = freshDataset(emulator())
    plant(datasetId)
    const run = await act(
      emulator(),
      { operation: 'cleanup', datasetId, olderThan: '1d', dryRun: 'true', protectTags: 'ok' },
      debug
    )
    expect(run.exitCode).toBe(0)
    expectNoPlantedCommand(run)
    expect(JSON.parse(run.outputs.candidates!)).toHaveLength(1)
  })

  test('an error whose message carries commands, retried', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 503, message: payload('error'), times: Infinity })
    const run = await act(emulator(), { operation: 'list', datasetId, retries: '1' }, debug)
    expect(run.exitCode).toBe(1)
    expectNoPlantedCommand(run)
  })
})
