import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import type { ActionRun } from '../../scripts/run-action.ts'
import { act, GITHUB_ENV } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { decodeEntities, linkTargets, renderMarkdown, visibleText } from '../helpers/markdown.ts'

/**
 * The key planted in every field the API returns, run through the bundle: none of it may appear
 * in anything the step writes, however the action escapes, cuts or re-encodes the text. Each
 * field holds the key over and over from a chosen offset, so that every cut the action makes
 * (table cells of 40, 80, 120, 160, 200 and 300 characters, error codes cut at 100 and messages
 * at 500, warnings at 500 and 1000, a quoted tag or name at 60 or 40, output lines at 200) falls
 * inside a copy of it in one of two runs (offsets half a key apart).
 */
const KEY = 'pk_7*Q/x+2Zm_9*R/w+'
const emulator = useEmulator({ apiKeys: [KEY] })

/** The shortest part of the key looked for: a cut that leaves less in one run leaves more in the other. */
const FRAGMENT = 6
const FRAGMENTS = Array.from({ length: KEY.length - FRAGMENT + 1 }, (_, i) =>
  KEY.slice(i, i + FRAGMENT)
)
const PHASES = [0, Math.floor(KEY.length / 2)]

/**
 * `live` (text GitHub would make a link or markup of, or characters that must not reach the
 * summary raw), then `phase` dashes, then whole copies of the key: at least `length` characters.
 */
function planted(live: string, phase: number, length = 1200): string {
  const head = `${live}${'-'.repeat(phase)}`
  return head + KEY.repeat(Math.ceil((length - head.length) / KEY.length))
}

/** Short pieces of live text, for fields cut at 40 characters. */
const LINK = 'https://evil.example/login '
const WWW = 'www.evil.example '
const MAIL = 'victim@evil.example '
const HTML = '<a href="https://evil.example">x</a> '
const CONTROLS = 'ctl\u0000\u001b[31m\u202e '

/** A version's fields, every one of them planted. */
function plantedVersion(phase: number) {
  return {
    message: planted(HTML, phase),
    url: planted(LINK, phase),
    tags: ['ok', planted(WWW, phase), planted(CONTROLS, phase)],
    metadata: {
      [planted(MAIL, phase)]: planted(LINK, phase),
      nested: { [KEY]: [planted(CONTROLS, phase)] }
    }
  }
}

/** Links the action writes itself: the run it reports on and its own documentation. */
const ownLink = (href: string) =>
  href.startsWith(`${GITHUB_ENV.GITHUB_SERVER_URL}/${GITHUB_ENV.GITHUB_REPOSITORY}/`) ||
  href.startsWith('https://github.com/paperspace-dataset-versions/paperspace-dataset-versions')

/** Every place the step writes to, as a reader (or a copy-paste) would take it. */
function written(run: ActionRun): Record<string, string> {
  const html = renderMarkdown(run.summary)
  const places: Record<string, string> = {
    // The line that registers the mask is the one place the key belongs.
    stdout: run.stdout
      .split('\n')
      .filter(line => line !== `::add-mask::${KEY}`)
      .join('\n'),
    stderr: run.stderr,
    resultFile: run.resultFile ?? '',
    summary: run.summary,
    'summary as HTML': html,
    'summary as read': visibleText(html)
  }
  for (const [name, value] of Object.entries(run.outputs)) places[`output ${name}`] = value
  return places
}

function expectNoTrace(run: ActionRun): void {
  for (const [where, text] of Object.entries(written(run))) {
    // Markdown's \_ and \*, JSON's \/ and \\, HTML's entities: undone before looking.
    for (const form of [text, decodeEntities(text)].flatMap(t => [t, t.replace(/\\/g, '')])) {
      expect([where, FRAGMENTS.filter(fragment => form.includes(fragment))]).toEqual([where, []])
    }
  }
  // The key was there to find: it was replaced, not lost with the text around it.
  expect(run.summary).toContain('***')
  const html = renderMarkdown(run.summary)
  // No link made of API text, yet the planted links are shown, as text.
  expect(linkTargets(html).filter(href => !ownLink(href))).toEqual([])
  expect(visibleText(html)).toContain('evil.example')
  // The control characters planted reach neither the summary nor the log raw.
  for (const text of [run.summary, run.stdout, run.stderr]) {
    // eslint-disable-next-line no-control-regex -- the characters planted
    expect(text).not.toMatch(/[\u0000\u001b\u202e]/)
  }
}

interface Scenario {
  readonly name: string
  /** Plants the fields and faults; returns the inputs of the step. */
  readonly arrange: (phase: number) => Record<string, string>
  readonly exitCode: 0 | 1
}

const scenarios: Scenario[] = [
  {
    name: 'get',
    arrange: phase => {
      const datasetId = freshDataset(emulator())
      const [v] = emulator().store.seedVersions(datasetId, [
        { ageMs: DAY, ...plantedVersion(phase) }
      ])
      return { operation: 'get', datasetId, version: v!.version }
    },
    exitCode: 0
  },
  {
    name: 'list',
    arrange: phase => {
      const datasetId = freshDataset(emulator())
      emulator().store.seedVersions(datasetId, [
        { ageMs: 2 * DAY, ...plantedVersion(phase) },
        { ageMs: DAY, message: planted(WWW, phase), tags: [planted(MAIL, phase)] }
      ])
      return { operation: 'list', datasetId }
    },
    exitCode: 0
  },
  {
    name: 'create, its answer planted and its commit refused with the key',
    arrange: phase => {
      const datasetId = freshDataset(emulator())
      const fields = plantedVersion(phase)
      emulator().inject({
        method: 'POST',
        mapBody: body => {
          const answer = body as { metadata: Record<string, unknown> }
          return { ...answer, ...fields, metadata: { ...answer.metadata, ...fields.metadata } }
        }
      })
      emulator().inject({ method: 'PUT', status: 409, message: planted(LINK, phase) })
      return { operation: 'create', datasetId, commit: 'true', retries: '0' }
    },
    exitCode: 1
  },
  {
    name: 'cleanup, dry run',
    arrange: phase => {
      const datasetId = freshDataset(emulator())
      emulator().store.seedVersions(datasetId, [
        { ageMs: 10 * DAY, ...plantedVersion(phase) },
        { ageMs: 9 * DAY, tags: [planted(WWW, phase)], message: planted(HTML, phase) }
      ])
      return { operation: 'cleanup', datasetId, olderThan: '1d', dryRun: 'true' }
    },
    exitCode: 0
  },
  {
    name: 'cleanup, live: every deletion refused and one dataset unlisted, with the key',
    arrange: phase => {
      const datasetId = freshDataset(emulator())
      emulator().store.seedVersions(
        datasetId,
        [10, 9, 8].map(days => ({ ageMs: days * DAY, ...plantedVersion(phase) }))
      )
      const unlisted = freshDataset(emulator())
      emulator().inject({
        method: 'GET',
        path: `/datasets/${unlisted}/versions`,
        status: 500,
        message: planted(WWW, phase),
        times: Infinity
      })
      emulator().inject({
        method: 'DELETE',
        status: 409,
        message: planted(LINK, phase),
        times: Infinity
      })
      return {
        operation: 'cleanup',
        datasetId: `${datasetId},${unlisted}`,
        olderThan: '1d',
        retries: '0'
      }
    },
    exitCode: 1
  },
  {
    name: 'datasets, one named with the key and a public one the API lists as private',
    arrange: phase => {
      emulator().store.createDataset({ name: planted(WWW, phase, 300) })
      emulator().store.createDataset({ name: planted(MAIL, phase, 300), isPublic: true })
      emulator().store.readings.privateListsPublic = true
      return { operation: 'datasets' }
    },
    exitCode: 0
  },
  {
    name: 'promote, taking the tag from a version whose other tags hold the key',
    arrange: phase => {
      const datasetId = freshDataset(emulator())
      const [, target] = emulator().store.seedVersions(datasetId, [
        { ageMs: 2 * DAY, isCommitted: true, tags: ['production', planted(WWW, phase)] },
        { ageMs: DAY, isCommitted: true, ...plantedVersion(phase) }
      ])
      return { operation: 'promote', datasetId, version: target!.version, tags: 'production' }
    },
    exitCode: 0
  },
  {
    name: 'promote refused: the target carries a tag with a comma and the key',
    arrange: phase => {
      const datasetId = freshDataset(emulator())
      const [target] = emulator().store.seedVersions(datasetId, [
        { ageMs: DAY, isCommitted: true, tags: [planted(`${WWW},`, phase)] }
      ])
      return { operation: 'promote', datasetId, version: target!.version, tags: 'production' }
    },
    exitCode: 1
  },
  {
    name: 'a failing call: code, message, Retry-After and details (nested, JSON-escaped \\/)',
    arrange: phase => {
      const datasetId = freshDataset(emulator())
      const [v] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
      emulator().inject({
        status: 429,
        retryAfter: KEY,
        code: planted('E_', phase, 200),
        message: `${LINK}${WWW}${MAIL}${CONTROLS}`,
        details: {
          issues: [{ echoed: `{"token":"${planted(HTML, phase).replace(/\//g, '\\/')}"}` }],
          [KEY]: { [KEY]: KEY }
        }
      })
      return { operation: 'get', datasetId, version: v!.version, retries: '0' }
    },
    exitCode: 1
  }
]

describe('[F-key-planted] a key planted in every field the API returns leaves no trace', () => {
  test.each(scenarios.flatMap(s => PHASES.map(phase => [s.name, phase, s] as const)))(
    '%s (offset %i)',
    async (_name, phase, scenario) => {
      const inputs = scenario.arrange(phase)
      const run = await act(emulator(), inputs, { ...GITHUB_ENV, RUNNER_DEBUG: '1' })
      expect(run.exitCode).toBe(scenario.exitCode)
      expectNoTrace(run)
    }
  )
})
