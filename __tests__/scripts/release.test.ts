import { describe, expect, test } from '@jest/globals'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../../scripts/run-action.ts'
import { runCommand } from '../helpers/process.ts'

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null'
}

/**
 * A small repository holding the release script, with a `bundle` script that either rebuilds
 * dist/ identically or changes it (a stale bundle), so each refusal is tested in isolation.
 */
async function repository(options: { version: string; bundle: string }) {
  const dir = await mkdtemp(join(tmpdir(), 'pdv-release-'))
  const git = (...args: string[]) => runCommand('git', args, { cwd: dir, env: GIT_ENV })
  await mkdir(join(dir, 'scripts'))
  await mkdir(join(dir, 'dist'))
  await copyFile(join(ROOT, 'scripts', 'release.sh'), join(dir, 'scripts', 'release.sh'))
  await writeFile(join(dir, 'dist', 'index.js'), 'console.log(1)\n')
  const write = async (version: string) => {
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ version, scripts: { bundle: options.bundle } })
    )
    await writeFile(join(dir, 'CHANGELOG.md'), `# Changelog\n\n## [${version}] - 2026-01-01\n`)
  }
  await write(options.version)
  await git('init', '-q', '-b', 'main')
  await git('add', '.')
  await git('commit', '-qm', 'first')
  const release = (...args: string[]) =>
    runCommand('bash', ['scripts/release.sh', ...args], { cwd: dir, env: GIT_ENV })
  const tagCommit = async (tag: string) =>
    (await git('rev-parse', '-q', '--verify', `${tag}^{commit}`)).output.trim()
  const head = async () => (await git('rev-parse', 'HEAD')).output.trim()
  const bump = async (version: string) => {
    await write(version)
    await git('commit', '-qam', version)
  }
  return { dir, git, release, tagCommit, head, bump, remove: () => rm(dir, { recursive: true }) }
}

const SAME = 'node -e ""'
const STALE = "node -e \"require('fs').appendFileSync('dist/index.js', '// rebuilt')\""

describe('scripts/release.sh', () => {
  test('tags vX.Y.Z and moves v1 to it, then moves v1 again on the next release', async () => {
    const repo = await repository({ version: '1.0.0', bundle: SAME })
    try {
      const first = await repo.release('v1.0.0')
      expect(first.output).toContain('Tagged v1.0.0 and moved v1')
      expect(first.code).toBe(0)
      const firstCommit = await repo.head()
      expect(await repo.tagCommit('v1.0.0')).toBe(firstCommit)
      expect(await repo.tagCommit('v1')).toBe(firstCommit)

      await repo.bump('1.1.0')
      expect((await repo.release('v1.1.0')).code).toBe(0)
      expect(await repo.tagCommit('v1')).toBe(await repo.head())
      expect(await repo.tagCommit('v1.0.0')).toBe(firstCommit)
    } finally {
      await repo.remove()
    }
  })

  test('refuses a dirty working tree', async () => {
    const repo = await repository({ version: '1.0.0', bundle: SAME })
    try {
      await writeFile(join(repo.dir, 'notes.txt'), 'uncommitted')
      const run = await repo.release('v1.0.0')
      expect(run.code).toBe(1)
      expect(run.output).toMatch(/working tree is not clean/)
      expect(await repo.tagCommit('v1.0.0')).toBe('')
      expect(await repo.tagCommit('v1')).toBe('')
    } finally {
      await repo.remove()
    }
  })

  test('refuses a stale dist/ and leaves the committed bundle in place', async () => {
    const repo = await repository({ version: '1.0.0', bundle: STALE })
    try {
      const run = await repo.release('v1.0.0')
      expect(run.code).toBe(1)
      expect(run.output).toMatch(/dist\/ is stale/)
      expect(await readFile(join(repo.dir, 'dist', 'index.js'), 'utf8')).toBe('console.log(1)\n')
      expect(await repo.tagCommit('v1')).toBe('')
    } finally {
      await repo.remove()
    }
  })

  test.each([
    ['1.0.0', /not of the form vX\.Y\.Z/],
    ['v1.0', /not of the form vX\.Y\.Z/],
    ['v1.0.1', /package\.json says version 1\.0\.0, not 1\.0\.1/]
  ])('refuses %s', async (tag, message) => {
    const repo = await repository({ version: '1.0.0', bundle: SAME })
    try {
      const run = await repo.release(tag)
      expect(run.code).toBe(1)
      expect(run.output).toMatch(message)
    } finally {
      await repo.remove()
    }
  })

  test('refuses a version that is not newer than the last release', async () => {
    const repo = await repository({ version: '1.2.0', bundle: SAME })
    try {
      expect((await repo.release('v1.2.0')).code).toBe(0)
      await repo.bump('1.1.9')
      const run = await repo.release('v1.1.9')
      expect(run.code).toBe(1)
      expect(run.output).toMatch(/not newer than the newest release, v1\.2\.0/)
    } finally {
      await repo.remove()
    }
  })
})
