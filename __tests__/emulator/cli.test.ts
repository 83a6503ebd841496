import { describe, expect, test } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { eventually } from '../helpers/eventually.ts'

const cli = fileURLToPath(new URL('../../emulator/cli.ts', import.meta.url))

/** Starts the CLI and resolves with its printed lines once it is listening (or has exited). */
function start(args: string[]): Promise<{ child: ChildProcess; lines: string[]; code?: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const done = (code?: number) => {
      const lines = output.split('\n')
      resolve({ child, lines, ...(code !== undefined && { code }) })
    }
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Press Ctrl+C to stop.')) done()
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('exit', code => done(code ?? -1))
  })
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null) return resolve()
    child.on('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

async function get(url: string, key: string): Promise<any> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } })
  return response.json()
}

describe('npm run emulator', () => {
  test('--datasets and --public-datasets seed several datasets and print their IDs', async () => {
    const { child, lines } = await start([
      '--port',
      '0',
      '--datasets',
      '3',
      '--public-datasets',
      '1',
      '--seed',
      '4'
    ])
    try {
      const url = /listening on (\S+)/.exec(lines.join('\n'))![1]!
      const key = /API key: (\S+)/.exec(lines.join('\n'))![1]!
      const printed = lines
        .map(line => /^Dataset (\S+) \((\S+), (private|public)\): (\d+) versions$/.exec(line))
        .filter(match => match !== null)
      expect(printed.map(m => [m[2], m[3], m[4]])).toEqual([
        ['emulator-demo-1', 'private', '4'],
        ['emulator-demo-2', 'private', '4'],
        ['emulator-demo-3', 'private', '4'],
        ['emulator-public-1', 'public', '4']
      ])
      const privateIds = printed.filter(m => m[3] === 'private').map(m => m[1])
      const listed = await get(`${url}/datasets?order=asc`, key)
      expect(listed.items.map((d: { id: string }) => d.id)).toEqual(privateIds)
      const open = await get(`${url}/datasets?privacy=PUBLIC`, key)
      expect(open.items.map((d: { id: string }) => d.id)).toEqual([printed[3]![1]])
      const versions = await get(`${url}/datasets/${privateIds[1]}/versions`, key)
      expect(versions.items).toHaveLength(4)
    } finally {
      await stop(child)
    }
  }, 20_000)

  test('--commit-after commits versions created through the API', async () => {
    const { child, lines } = await start(['--port', '0', '--commit-after', '200ms'])
    try {
      const text = lines.join('\n')
      expect(text).toContain('commit themselves after 200ms')
      const url = /listening on (\S+)/.exec(text)![1]!
      const key = /API key: (\S+)/.exec(text)![1]!
      const datasetId = /^Dataset (\S+) /m.exec(text)![1]!
      const created = await fetch(`${url}/datasets/${datasetId}/versions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: '{}'
      }).then(r => r.json() as Promise<{ version: string; isCommitted: boolean }>)
      expect(created.isCommitted).toBe(false)
      const read = `${url}/datasets/${datasetId}/versions/${created.version}`
      await eventually(
        async () => ((await get(read, key)) as { isCommitted: boolean }).isCommitted,
        'the commit of the created version'
      )
    } finally {
      await stop(child)
    }
  }, 20_000)

  test('--end-cursor null gives the last page nextPage: null', async () => {
    const { child, lines } = await start(['--port', '0', '--seed', '3', '--end-cursor', 'null'])
    try {
      const text = lines.join('\n')
      const url = /listening on (\S+)/.exec(text)![1]!
      const key = /API key: (\S+)/.exec(text)![1]!
      const datasetId = /^Dataset (\S+) /m.exec(text)![1]!
      expect(await get(`${url}/datasets/${datasetId}/versions?limit=3`, key)).toMatchObject({
        hasMore: false,
        nextPage: null
      })
    } finally {
      await stop(child)
    }
  }, 20_000)

  test.each([
    [['--commit-after', '5'], '--commit-after: expected a duration such as 500ms, 5s or 2m'],
    [['--datasets', 'two'], '--datasets: expected a whole number'],
    [['--end-cursor', 'none'], '--end-cursor: expected absent, null or empty'],
    [['--tags-filter', 'some'], '--tags-filter: expected one of any, all, literal, ignored']
  ])(
    '%j is refused with a message naming the flag',
    async (args, message) => {
      const { code, lines } = await start(['--port', '0', ...args])
      expect(code).toBe(2)
      expect(lines.join('\n')).toContain(message)
    },
    20_000
  )

  test('the reading flags switch the readings the spec leaves open', async () => {
    const { child, lines } = await start([
      '--port',
      '0',
      '--seed',
      '3',
      '--public-datasets',
      '1',
      '--tags-filter',
      'ignored',
      '--private-lists-public',
      '--lists-without-metadata'
    ])
    try {
      const text = lines.join('\n')
      const url = /listening on (\S+)/.exec(text)![1]!
      const key = /API key: (\S+)/.exec(text)![1]!
      const datasets = await get(`${url}/datasets?privacy=PRIVATE`, key)
      expect(datasets.items.map((d: { isPublic: boolean }) => d.isPublic).sort()).toEqual([
        false,
        true
      ])
      const mine = datasets.items.find((d: { isPublic: boolean }) => !d.isPublic).id
      const versions = await get(`${url}/datasets/${mine}/versions?tags=no-such-tag`, key)
      expect(versions.items).toHaveLength(3)
      expect(versions.items.map((v: { metadata: unknown }) => v.metadata)).toEqual([
        null,
        null,
        null
      ])
      expect(text).toContain('The tags filter reads tags=a,b as: ignored.')
    } finally {
      await stop(child)
    }
  }, 20_000)

  test('--help lists the new flags', async () => {
    const { code, lines } = await start(['--help'])
    expect(code).toBe(0)
    for (const flag of [
      '--datasets N',
      '--public-datasets N',
      '--commit-after TIME',
      '--end-cursor FORM',
      '--tags-filter READING',
      '--private-lists-public',
      '--lists-without-metadata'
    ]) {
      expect(lines.join('\n')).toContain(flag)
    }
  }, 20_000)
})
