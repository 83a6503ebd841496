/**
 * CONTRIBUTING.md's layout sketch matches the tree: every path it names exists, every folder of
 * src/ is in it, and every file of src/ but index.ts and main.ts lives in a folder.
 */
import { describe, expect, test } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../scripts/run-action.ts'

function sketch(): string[] {
  const text = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8')
  const block = /## Layout\s+```\n([\s\S]*?)```/.exec(text)?.[1]
  if (block === undefined) throw new Error('CONTRIBUTING.md has no layout sketch')
  return block.split('\n').filter(line => line !== '')
}

/** The paths a sketch line starts with (`src/runner/`), and the files it lists after "the API:". */
function namedPaths(lines: readonly string[]): string[] {
  const paths: string[] = []
  let folder = ''
  for (const line of lines) {
    const first = /^(\S+)/.exec(line)?.[1]
    if (first !== undefined) {
      paths.push(first)
      if (first.endsWith('/')) folder = first
    }
    // File names listed after a folder's first column ("the API: http.ts, client.ts, ...").
    for (const [, name] of line.slice(first?.length ?? 0).matchAll(/(?<![\w/.])([a-z-]+\.ts)\b/g)) {
      paths.push(`${folder}${name}`)
    }
    for (const [, name] of line.matchAll(/\(([^)]*)\)/g)) {
      for (const sub of name!.split(/,\s*/).filter(s => /^[a-z-]+\/$/.test(s))) {
        paths.push(`${folder}${sub}`)
      }
    }
  }
  return paths
}

describe("CONTRIBUTING.md's layout sketch", () => {
  const paths = namedPaths(sketch())

  test('names only paths that exist', () => {
    expect(paths.length).toBeGreaterThan(15)
    expect(paths.filter(path => !existsSync(join(ROOT, path)))).toEqual([])
  })

  test('names every folder of src/, and src/ holds no loose file but index.ts and main.ts', () => {
    const entries = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
    const folders = entries.filter(e => e.isDirectory()).map(e => `src/${e.name}/`)
    expect(folders.filter(folder => !paths.includes(folder))).toEqual([])
    const loose = entries.filter(e => e.isFile()).map(e => e.name)
    expect(loose.sort()).toEqual(['index.ts', 'main.ts'])
  })

  test('every feature folder of src/operations/ is named', () => {
    const features = readdirSync(join(ROOT, 'src', 'operations'), { withFileTypes: true })
      .filter(e => e.isDirectory())
      .map(e => `src/operations/${e.name}/`)
    expect(features.filter(folder => !paths.includes(folder))).toEqual([])
  })
})

describe('the files of src/', () => {
  test('none is over 12 KB: a file that grows past it holds two jobs', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
        entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]
      )
    const large = files(join(ROOT, 'src'))
      .map(file => ({ file, bytes: readFileSync(file).length }))
      .filter(({ bytes }) => bytes > 12 * 1024)
    expect(large).toEqual([])
  })
})

describe('comments', () => {
  /** Every .ts file of the project, as paths from the root. */
  const sources = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(entry =>
      entry.isDirectory()
        ? sources(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : []
    )

  test('name only .ts files that exist', () => {
    const all = ['src', 'emulator', 'scripts', '__tests__'].flatMap(sources)
    const missing: string[] = []
    for (const file of all) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (!/^\s*(\*|\/\/|\/\*\*)/.test(line)) return
          for (const [, ref] of line.matchAll(/([\w./-]*[\w-]+\.ts)\b/g)) {
            const path = ref!.replace(/^\.\//, '')
            if (!all.some(known => known === path || known.endsWith(`/${path}`))) {
              missing.push(`${file}:${index + 1}: ${ref}`)
            }
          }
        })
    }
    expect(missing).toEqual([])
  })
})
