import { describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '../../emulator/server.ts'
import { DAY } from '../../emulator/seed.ts'
import { callApi, freshDataset, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()
const serverModule = fileURLToPath(new URL('../../emulator/server.ts', import.meta.url))
const storeModule = fileURLToPath(new URL('../../emulator/store.ts', import.meta.url))

/** Polls until `check` holds, for at most `ms` (bounded, so a broken emulator fails the test). */
async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (check()) return true
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  return check()
}

/** Runs an ES module snippet in a fresh Node process and resolves with its exit code. */
function runScript(source: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
      stdio: 'ignore'
    })
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.on('error', reject)
    child.on('exit', code => {
      clearTimeout(killer)
      resolve(code)
    })
  })
}

describe('delayed commit', () => {
  test('commitAfter commits the version later and updates dtModified', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
    const path = `/datasets/${datasetId}/versions/${seeded!.version}`
    const committed = emulator().store.commitAfter(datasetId, seeded!.version, 50)
    // Checked synchronously, before the timer can have fired.
    expect(emulator().store.getVersion(datasetId, seeded!.version).isCommitted).toBe(false)
    expect(await committed).toMatchObject({ version: seeded!.version, isCommitted: true })
    const read = (await callApi(emulator(), 'GET', path)).body
    expect(read.isCommitted).toBe(true)
    expect(Date.parse(read.dtModified)).toBeGreaterThan(Date.parse(read.dtCreated))
  })

  test('a version deleted before its commit resolves undefined', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
    const committed = emulator().store.commitAfter(datasetId, seeded!.version, 20)
    emulator().store.deleteVersion(datasetId, seeded!.version)
    expect(await committed).toBeUndefined()
  })

  test('an unknown version is refused at once', () => {
    const datasetId = freshDataset(emulator())
    expect(() => emulator().store.commitAfter(datasetId, 'nothere', 10)).toThrow(
      'Dataset version not found'
    )
  })

  test('close cancels pending commits', async () => {
    const own = await startEmulator()
    const datasetId = own.store.createDataset({ name: 'd' }).id
    const [seeded] = own.store.seedVersions(datasetId, [{ ageMs: 0 }])
    const committed = own.store.commitAfter(datasetId, seeded!.version, 60_000)
    await own.close()
    expect(await committed).toBeUndefined()
    expect(own.store.getVersion(datasetId, seeded!.version).isCommitted).toBe(false)
  })

  test('commitAfterMs commits versions created through the API, not seeded ones', async () => {
    const own = await startEmulator({ commitAfterMs: 30 })
    try {
      const datasetId = own.store.createDataset({ name: 'd' }).id
      const [seeded] = own.store.seedVersions(datasetId, [{ ageMs: 0 }])
      const created = await callApi(own, 'POST', `/datasets/${datasetId}/versions`, { body: {} })
      expect(created.body.isCommitted).toBe(false)
      const version = () => own.store.getVersion(datasetId, created.body.version as string)
      expect(await eventually(() => version().isCommitted)).toBe(true)
      expect(own.store.getVersion(datasetId, seeded!.version).isCommitted).toBe(false)
    } finally {
      await own.close()
    }
  })

  test('a pending commit does not keep the process alive', async () => {
    const code = await runScript(`
      import { Store } from ${JSON.stringify(storeModule)}
      const store = new Store()
      const id = store.createDataset({ name: 'd' }).id
      const [v] = store.seedVersions(id, [{ ageMs: 0 }])
      void store.commitAfter(id, v.version, 600_000)
    `)
    expect(code).toBe(0)
  }, 15_000)

  test('an emulator closed with commits pending lets the process exit', async () => {
    const code = await runScript(`
      import { startEmulator } from ${JSON.stringify(serverModule)}
      const emulator = await startEmulator({ commitAfterMs: 600_000 })
      const id = emulator.store.createDataset({ name: 'd' }).id
      const answer = await fetch(emulator.url + '/datasets/' + id + '/versions', {
        method: 'POST',
        headers: { authorization: 'Bearer ' + emulator.apiKey, 'content-type': 'application/json' },
        body: '{}'
      })
      if (answer.status !== 200) process.exit(3)
      await emulator.close()
    `)
    expect(code).toBe(0)
  }, 15_000)
})

describe('latency', () => {
  test('no answer leaves before latencyMs has passed since the request arrived', async () => {
    const slow = await startEmulator({ latencyMs: 15 })
    try {
      const datasetId = slow.store.createDataset({ name: 'd' }).id
      for (let i = 0; i < 15; i++) {
        const sent = performance.now()
        await callApi(slow, 'GET', `/datasets/${datasetId}`)
        expect(performance.now() - sent).toBeGreaterThanOrEqual(15)
      }
      for (const request of slow.requests) {
        expect(request.endedAt! - request.startedAt).toBeGreaterThanOrEqual(15)
      }
    } finally {
      await slow.close()
    }
  })

  test('a delayed fault adds to the latency', async () => {
    const slow = await startEmulator({ latencyMs: 10 })
    try {
      slow.inject({ delayMs: 20 })
      await callApi(slow, 'GET', '/datasets')
      const [request] = slow.requests
      expect(request!.endedAt! - request!.startedAt).toBeGreaterThanOrEqual(30)
    } finally {
      await slow.close()
    }
  })
})
