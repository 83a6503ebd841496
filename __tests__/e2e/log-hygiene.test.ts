import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import type { ActionRun } from '../../scripts/run-action.ts'
import { act, GITHUB_ENV, warnings } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { linkTargets, renderMarkdown } from '../helpers/markdown.ts'

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

describe('[F-log-injection] no line the action prints starts a workflow command it did not issue', () => {
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

/** Text that would break a Markdown table or inject markup, if the summary did not make it inert. */
const MARKUP = 'x | **bold** <img src=x onerror=alert(1)> [link](http://evil) `code`'

/**
 * No table row of the summary has more cells than its header (no API text split a row), and
 * rendered as GitHub does, the planted markup is text: no image, no link, no bold.
 */
function expectTablesIntact(summary: string): void {
  const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length
  let width: number | undefined
  for (const line of summary.split('\n')) {
    if (!line.startsWith('|')) {
      width = undefined
      continue
    }
    width ??= cells(line)
    expect([line, cells(line)]).toEqual([line, width])
  }
  const html = renderMarkdown(summary)
  expect(html).not.toContain('<img')
  expect(html).not.toContain('<strong>bold')
  expect(linkTargets(html)).toEqual([])
  // The API text is there, as code.
  expect(html).toContain('<code>')
}

describe('[F-log-injection] the operations added with retention and aliases print no planted command either', () => {
  test('datasets, with a dataset named and described by an attacker', async () => {
    emulator().store.createDataset({
      name: `${payload('name')} ${MARKUP}`,
      description: payload('description')
    })
    const run = await act(emulator(), { operation: 'datasets' }, debug)
    expect(run.exitCode).toBe(0)
    expectNoPlantedCommand(run)
    expectTablesIntact(run.summary)
    const names = (JSON.parse(run.outputs.datasets!) as { name: string }[]).map(d => d.name)
    expect(names).toContain(`${payload('name')} ${MARKUP}`)
  })

  test('promote, resolve and wait, with planted tags, message and url', async () => {
    const datasetId = freshDataset(emulator())
    const [old, target] = emulator().store.seedVersions(datasetId, [
      { ageMs: 3 * DAY, isCommitted: true, tags: ['production', payload('old'), MARKUP] },
      { ageMs: 2 * DAY, isCommitted: true, tags: [payload('tag'), MARKUP], message: MARKUP }
    ])
    plant(freshDataset(emulator()))
    emulator().inject({
      method: 'GET',
      times: Infinity,
      mapBody: body => {
        const b = body as Record<string, unknown>
        const planted = (item: Record<string, unknown>) => ({ ...item, url: payload('url') })
        if (!Array.isArray(b.items)) return planted(b)
        return { ...b, items: (b.items as Record<string, unknown>[]).map(planted) }
      }
    })
    const promote = await act(
      emulator(),
      { operation: 'promote', datasetId, version: target!.version, tags: 'production' },
      debug
    )
    expect(promote.exitCode).toBe(0)
    expect(JSON.parse(promote.outputs.moved!)).toEqual([
      { tag: 'production', from: [old!.version] }
    ])
    const resolve = await act(
      emulator(),
      { operation: 'resolve', datasetId, tags: 'production' },
      debug
    )
    expect(resolve.outputs.version).toBe(target!.version)
    const wait = await act(
      emulator(),
      { operation: 'wait', datasetId, version: target!.version },
      debug
    )
    expect(wait.exitCode).toBe(0)
    for (const run of [promote, resolve, wait]) {
      expectNoPlantedCommand(run)
      expectTablesIntact(run.summary)
    }
  })

  test('a live cleanup of several datasets: a listing error and deletion errors carrying commands', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [
      { ageMs: 10 * DAY, tags: [payload('tag'), MARKUP], message: payload('message') },
      { ageMs: 9 * DAY, tags: [MARKUP] }
    ])
    const broken = freshDataset(emulator())
    emulator().inject({
      method: 'GET',
      path: `/datasets/${broken}/versions`,
      status: 500,
      message: `${payload('listing')} ${MARKUP}`,
      times: Infinity
    })
    emulator().inject({
      method: 'DELETE',
      status: 409,
      message: `${payload('delete')} ${MARKUP}`,
      times: Infinity
    })
    const run = await act(
      emulator(),
      { operation: 'cleanup', datasetId: `${datasetId}\n${broken}`, olderThan: '1d', retries: '0' },
      debug
    )
    expect(run.exitCode).toBe(1)
    expectNoPlantedCommand(run)
    expectTablesIntact(run.summary)
    expect(run.summary).toContain('### Per dataset')
    expect(warnings(run).some(w => w.startsWith(`Skipping dataset ${broken}`))).toBe(true)
    expect(JSON.parse(run.outputs.failed!)).toHaveLength(2)
  })
})
