/**
 * src/toolkit/ rebuilds the few @actions/core functions the action uses from the package's own
 * modules, and takes @actions/github's Context without the rest of the package (see the comments
 * there for why). These tests hold them to the packages' entry points: for the same calls, the
 * same workflow commands on stdout, the same output file, the same values.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import * as entry from '@actions/core'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as toolkit from '../../src/toolkit/core.ts'

type Core = Pick<
  typeof toolkit,
  'getInput' | 'setSecret' | 'setOutput' | 'setFailed' | 'isDebug' | 'debug' | 'warning' | 'info'
> & { group: <T>(name: string, fn: () => Promise<T>) => Promise<T> }

const implementations: [string, Core][] = [
  ['@actions/core', entry],
  ['src/toolkit/core.ts', toolkit]
]

/** Everything `fn` writes to stdout, and the exit code it sets (both restored afterwards). */
async function capture(fn: () => unknown): Promise<{ stdout: string; exitCode: unknown }> {
  const write = process.stdout.write.bind(process.stdout)
  const exitCode = process.exitCode
  let stdout = ''
  process.stdout.write = (chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  }
  try {
    await fn()
    return { stdout, exitCode: process.exitCode }
  } finally {
    process.stdout.write = write
    process.exitCode = exitCode
  }
}

/** Runs the same calls through both implementations and returns what each wrote. */
async function both(calls: (core: Core) => unknown) {
  // One after the other: capture() swaps the process's stdout.
  const a = await capture(() => calls(entry))
  const b = await capture(() => calls(toolkit))
  return { entry: a, toolkit: b }
}

describe('src/toolkit/core.ts writes what @actions/core writes', () => {
  const saved = { ...process.env }
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pdv-toolkit-'))
    delete process.env.GITHUB_OUTPUT
    delete process.env.RUNNER_DEBUG
  })
  afterEach(async () => {
    process.env = { ...saved }
    await rm(dir, { recursive: true, force: true })
  })

  test('log lines, warnings, debug lines, masks and groups, escaping included', async () => {
    const { entry: a, toolkit: b } = await both(async core => {
      core.info('plain line: 100% done')
      core.warning('two\nlines, a % and a \r return')
      core.debug('debug: a::b')
      core.setSecret('s3cr3t%value')
      const value = await core.group('Group: name', () => Promise.resolve(42))
      core.info(`group returned ${value}`)
    })
    expect(b.stdout).toBe(a.stdout)
    expect(b.stdout).toContain('::add-mask::s3cr3t%25value')
    expect(b.stdout).toContain('::group::Group: name')
    expect(b.stdout).toContain('group returned 42')
  })

  test('a group still closes when its function throws', async () => {
    const { entry: a, toolkit: b } = await both(core =>
      core.group('failing', () => Promise.reject(new Error('boom'))).catch(() => undefined)
    )
    expect(b.stdout).toBe(a.stdout)
    expect(b.stdout).toContain('::endgroup::')
  })

  test('setFailed writes an error annotation and sets exit code 1', async () => {
    const { entry: a, toolkit: b } = await both(core => core.setFailed('it broke:\nbadly'))
    expect(b).toEqual(a)
    expect(b.exitCode).toBe(1)
  })

  test('setOutput appends the same record to GITHUB_OUTPUT', async () => {
    const files: string[] = []
    for (const [name, core] of implementations) {
      const file = join(dir, name.replace(/\W/g, '_'))
      await writeFile(file, '')
      process.env.GITHUB_OUTPUT = file
      const { stdout } = await capture(() => {
        core.setOutput('json', '{"a":1}\nsecond line')
        core.setOutput('count', 3)
      })
      expect(stdout).toBe('')
      // Each record ends with a random delimiter; the rest must match byte for byte.
      files.push((await readFile(file, 'utf8')).replace(/ghadelimiter_[0-9a-f-]+/g, 'DELIMITER'))
    }
    expect(files[1]).toBe(files[0])
    expect(files[1]).toContain('json<<DELIMITER\n{"a":1}\nsecond line\nDELIMITER\n')
  })

  test('setOutput without GITHUB_OUTPUT falls back to the set-output command', async () => {
    const { entry: a, toolkit: b } = await both(core => core.setOutput('name', 'value'))
    expect(b.stdout).toBe(a.stdout)
    expect(b.stdout).toContain('::set-output name=name::value')
  })

  test('getInput and isDebug read the environment the same way', () => {
    process.env.INPUT_DATASETID = '  dst364npcw6ccok \n'
    process.env['INPUT_WITH_SPACE'] = 'spaced'
    process.env.RUNNER_DEBUG = '1'
    for (const [, core] of implementations) {
      expect(core.getInput('datasetId')).toBe('dst364npcw6ccok')
      expect(core.getInput('with space')).toBe('spaced')
      expect(core.getInput('missing')).toBe('')
      expect(core.isDebug()).toBe(true)
    }
  })

  test('appendSummary writes what summary.addRaw(...).write() writes', async () => {
    const markdown = '## Dataset version\n\n| a | b |\n| --- | --- |\n| 1 | é — … |\n'
    const written: string[] = []
    for (const [name, write] of [
      ['entry', () => entry.summary.addRaw(markdown).write()],
      ['toolkit', () => toolkit.appendSummary(markdown)]
    ] as const) {
      const file = join(dir, `summary-${name}.md`)
      await writeFile(file, 'before\n')
      process.env.GITHUB_STEP_SUMMARY = file
      await write()
      await write()
      written.push(await readFile(file, 'utf8'))
    }
    expect(written[1]).toBe(written[0])
    expect(written[1]).toBe(`before\n${markdown}${markdown}`)
  })

  test('appendSummary without GITHUB_STEP_SUMMARY fails with the message of the package', async () => {
    // The package's summary object remembers its file once written, so its message is read from
    // its source rather than provoked a second time.
    delete process.env.GITHUB_STEP_SUMMARY
    const source = await readFile(
      join(import.meta.dirname, '../../node_modules/@actions/core/lib/summary.js'),
      'utf8'
    )
    let message = ''
    try {
      toolkit.appendSummary('x')
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('$GITHUB_STEP_SUMMARY')
    expect(source).toContain(message.replace('$GITHUB_STEP_SUMMARY', () => '$${SUMMARY_ENV_VAR}'))
  })
})

describe('src/toolkit/github.ts', () => {
  test('its context is a Context of @actions/github, read from the same environment', async () => {
    Object.assign(process.env, {
      GITHUB_SHA: '3f9c2b7e1d4a5c6b7a8e9f0d1c2b3a4e5f6a7b8c',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_WORKFLOW: 'Train',
      GITHUB_RUN_ID: '99',
      GITHUB_RUN_NUMBER: '7',
      GITHUB_RUN_ATTEMPT: '2'
    })
    const github = await import('@actions/github')
    const { context } = await import('../../src/toolkit/github.ts')
    expect(context).toBeInstanceOf(github.context.constructor)
    for (const key of ['sha', 'ref', 'workflow', 'runId', 'runNumber', 'runAttempt'] as const) {
      expect(context[key]).toEqual(github.context[key])
    }
    expect(context.runId).toBe(99)
  })
})
