/**
 * A test never waits on real time itself (STYLE.md, Habits): no timer or fixed sleep before an
 * assertion, no stopwatch, no assertion on elapsed wall-clock time. Tests move a clock of their own
 * (helpers/context.ts manualClock, helpers/emulator.ts heldClock) or wait for the event that makes
 * something happen. This scans every file under __tests__/ for the forms real time takes; the few
 * uses that are right are in ALLOWED, each with why.
 */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ROOT } from '../../scripts/run-action.ts'

/** This file, whose examples of what the scan catches are not uses. */
const SELF = relative(ROOT, fileURLToPath(import.meta.url))

const FORBIDDEN: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  {
    name: 'a real timer',
    pattern: /\b(setTimeout|setInterval)\s*\(|timers\/promises|AbortSignal\.timeout\s*\(/
  },
  { name: 'a fixed sleep', pattern: /\b(sleep|pause|delay)\(\s*\d/ },
  { name: 'a stopwatch', pattern: /\bperformance\.now\s*\(|\bDate\.now\(\)\s*-/ },
  {
    name: 'elapsed time',
    pattern:
      /\b(startedAt|endedAt|durationMs|now\(\))[!?]?\s*-(?!=)|-\s*[\w!?.]*\b(startedAt|endedAt|now\(\))/
  }
]

/** The uses of real time that are right, by file and the text of the line. */
const ALLOWED: readonly { readonly file: string; readonly line: string; readonly why: string }[] = [
  {
    file: '__tests__/helpers/eventually.ts',
    line: 'setTimeout(resolve, 5)',
    why: 'polls for an event another process or socket causes, up to a deadline: the wait ends with the event'
  }
]

interface Use {
  readonly file: string
  readonly line: number
  readonly text: string
  readonly form: string
}

/** Each line of `source` that takes one of the forbidden forms; comments are not code. */
function realTimeUses(file: string, source: string): Use[] {
  return source.split('\n').flatMap((text, i) => {
    if (/^\s*(\/\/|\/?\*)/.test(text)) return []
    return FORBIDDEN.filter(({ pattern }) => pattern.test(text)).map(({ name }) => ({
      file,
      line: i + 1,
      text: text.trim(),
      form: name
    }))
  })
}

const allowed = (use: Use) =>
  ALLOWED.some(entry => entry.file === use.file && use.text.includes(entry.line))

describe('no test waits on real time', () => {
  const uses = readdirSync(join(ROOT, '__tests__'), { recursive: true, encoding: 'utf8' })
    .map(path => join('__tests__', path))
    .filter(file => file.endsWith('.ts') && file !== SELF)
    .flatMap(file => realTimeUses(file, readFileSync(join(ROOT, file), 'utf8')))

  test('nothing under __tests__/ sleeps, times or waits on the wall clock, but what is allowed', () => {
    expect(
      uses.filter(use => !allowed(use)).map(u => `${u.file}:${u.line}: ${u.form}: ${u.text}`)
    ).toEqual([])
  })

  test('every allowed use is still there, once', () => {
    for (const entry of ALLOWED) {
      const found = uses.filter(use => use.file === entry.file && use.text.includes(entry.line))
      expect([entry.file, entry.line, found.length]).toEqual([entry.file, entry.line, 1])
    }
  })

  // What the scan was written against: each form the suite used before it moved to clocks and
  // events is caught, and the clock-driven forms that replaced them are not.
  test.each([
    ['expect(performance.now() - started).toBeGreaterThanOrEqual(950)', 'a stopwatch'],
    ['expect(Date.now() - started).toBeGreaterThanOrEqual(100)', 'a stopwatch'],
    ['setTimeout(() => cancel.abort(), 100)', 'a real timer'],
    ['await new Promise(resolve => setTimeout(resolve, 10))', 'a real timer'],
    ['fetch(url, { signal: AbortSignal.timeout(100) })', 'a real timer'],
    ["import { setTimeout } from 'node:timers/promises'", 'a real timer'],
    ['await sleep(1000)', 'a fixed sleep'],
    ['expect(polls.at(-1)!.startedAt - polls[0]!.startedAt).toBeGreaterThan(4000)', 'elapsed time'],
    ['expect(request.endedAt! - request.startedAt).toBeGreaterThanOrEqual(15)', 'elapsed time'],
    ['const waited = clock.now() - start', 'elapsed time']
  ])('catches %s', (line, form) => {
    expect(realTimeUses('x.ts', line).map(use => use.form)).toContain(form)
  })

  test.each([
    'expect(own.requests).toMatchObject([{ startedAt: start + 5, endedAt: start + 35 }])',
    'const clock = heldClock({ endWaitsAtOnce: true })',
    'clock.advance(deadline - time)',
    'const deadline = clock.now() + 15',
    'expect(clock.slept).toEqual([2000, 3000, 4500, 500])',
    'await new Promise(resolve => setImmediate(resolve))',
    '// setTimeout(() => cancel.abort(), 100) was here',
    ' * performance.now() - started, in a doc comment'
  ])('lets %s be', line => {
    expect(realTimeUses('x.ts', line)).toEqual([])
  })
})
