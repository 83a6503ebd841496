import { describe, expect, test } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ROOT } from '../../scripts/run-action.ts'
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

/**
 * `npm run -s emulator <args>` as a user types it, through npm itself (the npm that runs this
 * test, else the one on the PATH), so that what npm does with the arguments is npm's own doing.
 * Resolves when it exits; one that starts listening instead is stopped, and fails the test.
 */
function npmRun(args: string[]): Promise<{ code: number; output: string }> {
  const npm = process.env.npm_execpath
  const [command, npmArgs] =
    npm?.endsWith('.js') === true ? [process.execPath, [npm]] : ['npm', [] as string[]]
  return new Promise((resolve, reject) => {
    // Its own process group, so that an emulator it started can be stopped with npm.
    const child = spawn(command, [...npmArgs, 'run', '-s', 'emulator', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    })
    let output = ''
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Press Ctrl+C to stop.')) {
        process.kill(-child.pid!, 'SIGTERM')
        reject(new Error(`the emulator started instead of refusing ${args.join(' ')}`))
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('error', reject)
    child.on('exit', code => resolve({ code: code ?? -1, output }))
  })
}

/** A port on 127.0.0.1 that something else holds, as another emulator would. */
async function heldPort(): Promise<{ port: number; server: Server }> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, server }
}

/** One line, and nothing of a Node stack trace. */
function expectOneLine(output: string): string {
  const lines = output.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+|node:internal|Node\.js v/)
  return lines[0]!
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

  test('npm run emulator on a busy port exits 2 with one line saying what to do, no stack trace', async () => {
    const { port, server } = await heldPort()
    try {
      const { code, output } = await npmRun(['--', '--port', String(port)])
      expect(code).toBe(2)
      expect(expectOneLine(output)).toBe(
        `Port ${port} is in use (another emulator?): stop what holds it, or let the emulator pick a free port with npm run emulator -- --port 0`
      )
    } finally {
      server.close()
    }
  }, 20_000)

  // npm takes an option before `--` as its own config: `--port 4010` sets npm_config_port and
  // passes the script only 4010; `--port=4010` and a flag alone pass it nothing at all.
  test.each([
    [['--port', '0'], '--port'],
    [['--port=0'], '--port'],
    [['--private-lists-public', '--seed', '3'], '--seed, --private-lists-public']
  ])(
    'npm run emulator %j (no --) exits 2 with one line that says to put -- first',
    async (args, flags) => {
      const { code, output } = await npmRun(args)
      expect(code).toBe(2)
      expect(expectOneLine(output)).toBe(
        `npm kept ${flags} for itself: the emulator's options go after --, as in npm run emulator -- --port 4010`
      )
    },
    20_000
  )

  test.each([
    [['--prot', '4010'], 'Unknown option --prot: npm run emulator -- --help lists the options'],
    [
      ['4010'],
      'Unexpected argument "4010": options start with --; npm run emulator -- --help lists the options'
    ],
    [
      ['--port'],
      "Option '--port <value>' argument missing; npm run emulator -- --help lists the options"
    ],
    [['--port', '70000'], '--port: expected a whole number from 0 to 65535, got 70000']
  ])(
    '%j exits 2 with one line that says what to do, no stack trace',
    async (args, message) => {
      const { code, lines } = await start(args)
      expect(code).toBe(2)
      expect(expectOneLine(lines.join('\n'))).toBe(message)
    },
    20_000
  )

  test('--data naming a file that is not the emulator state exits 2 with one line naming the flag', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdv-cli-'))
    try {
      const file = join(dir, 'state.json')
      await writeFile(file, '{"half": ')
      const { code, lines } = await start(['--port', '0', '--data', file])
      expect(code).toBe(2)
      expect(expectOneLine(lines.join('\n'))).toBe(
        `--data: ${file} is not a state file the emulator wrote; give another file`
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 20_000)

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
