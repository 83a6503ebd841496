import { describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Pacer, realClock, type PacerTime } from '../../emulator/clock.ts'
import { startEmulator, type Emulator } from '../../emulator/server.ts'
import { DAY } from '../../emulator/seed.ts'
import { Store } from '../../emulator/store.ts'
import { callApi, heldClock, type HeldClock } from '../helpers/emulator.ts'

const serverModule = fileURLToPath(new URL('../../emulator/server.ts', import.meta.url))
const storeModule = fileURLToPath(new URL('../../emulator/store.ts', import.meta.url))

/**
 * Runs an ES module snippet in a fresh Node process and resolves with its exit code; a process
 * still running after 10 s is killed (and fails the test), not waited for.
 */
function runScript(source: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
      stdio: 'ignore',
      timeout: 10_000,
      killSignal: 'SIGKILL'
    })
    child.on('error', reject)
    child.on('exit', code => resolve(code))
  })
}

/** Runs `body` against an emulator of its own on `clock`, closing it afterwards. */
async function withEmulator(
  options: Parameters<typeof startEmulator>[0] & { clock: HeldClock },
  body: (emulator: Emulator) => Promise<void>
): Promise<void> {
  const emulator = await startEmulator(options)
  try {
    await body(emulator)
  } finally {
    await emulator.close()
  }
}

/** A dataset holding one uncommitted version created a day ago. */
function staleVersion(emulator: Emulator): { datasetId: string; version: string } {
  const datasetId = emulator.store.createDataset({ name: 'd' }).id
  const [seeded] = emulator.store.seedVersions(datasetId, [{ ageMs: DAY }])
  return { datasetId, version: seeded!.version }
}

describe('delayed commit', () => {
  test('commitAfter commits the version later and updates dtModified', async () => {
    const clock = heldClock()
    await withEmulator({ clock }, async emulator => {
      const { datasetId, version } = staleVersion(emulator)
      const start = clock.now()
      const committed = emulator.store.commitAfter(datasetId, version, 50)
      expect(clock.waiting).toEqual([start + 50])
      clock.advance(49)
      expect(clock.waiting).toHaveLength(1)
      expect(emulator.store.getVersion(datasetId, version).isCommitted).toBe(false)
      clock.advance(1)
      expect(await committed).toMatchObject({ version, isCommitted: true })
      const read = (await callApi(emulator, 'GET', `/datasets/${datasetId}/versions/${version}`))
        .body
      expect(read.isCommitted).toBe(true)
      expect(Date.parse(read.dtModified)).toBeGreaterThan(Date.parse(read.dtCreated))
    })
  })

  test('a version deleted before its commit resolves undefined', async () => {
    const clock = heldClock()
    await withEmulator({ clock }, async emulator => {
      const { datasetId, version } = staleVersion(emulator)
      const committed = emulator.store.commitAfter(datasetId, version, 20)
      emulator.store.deleteVersion(datasetId, version)
      clock.advance(20)
      expect(await committed).toBeUndefined()
    })
  })

  test('an unknown version is refused at once', () => {
    const clock = heldClock()
    const store = new Store(undefined, clock)
    const datasetId = store.createDataset({ name: 'd' }).id
    expect(() => store.commitAfter(datasetId, 'nothere', 10)).toThrow('Dataset version not found')
    expect(clock.waiting).toEqual([])
  })

  test('close cancels pending commits', async () => {
    const clock = heldClock()
    const own = await startEmulator({ clock })
    const { datasetId, version } = staleVersion(own)
    const committed = own.store.commitAfter(datasetId, version, 60_000)
    await own.close()
    expect(await committed).toBeUndefined()
    expect(clock.waiting).toEqual([])
    // The time it was due comes and goes: it stays uncommitted.
    clock.advance(60_000)
    expect(own.store.getVersion(datasetId, version).isCommitted).toBe(false)
  })

  test('commitAfterMs commits versions created through the API, not seeded ones', async () => {
    const clock = heldClock()
    await withEmulator({ commitAfterMs: 30, clock }, async emulator => {
      const { datasetId, version: seeded } = staleVersion(emulator)
      const start = clock.now()
      const created = await callApi(emulator, 'POST', `/datasets/${datasetId}/versions`, {
        body: {}
      })
      expect(created.body.isCommitted).toBe(false)
      // One commit pending, the created version's: none for the seeded one.
      expect(clock.waiting).toEqual([start + 30])
      clock.advance(30)
      const read = (id: string) => callApi(emulator, 'GET', `/datasets/${datasetId}/versions/${id}`)
      expect((await read(created.body.version as string)).body.isCommitted).toBe(true)
      expect((await read(seeded)).body.isCommitted).toBe(false)
    })
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
    let arrived: () => void
    const waiting = new Promise<void>(resolve => (arrived = resolve))
    const clock = heldClock({ onWait: () => arrived() })
    await withEmulator({ latencyMs: 15, clock }, async emulator => {
      const datasetId = emulator.store.createDataset({ name: 'd' }).id
      const start = clock.now()
      const answer = callApi(emulator, 'GET', `/datasets/${datasetId}`)
      // The answer's wait begins, or (were there none) the answer arrives first and fails this.
      await Promise.race([waiting, answer.then(() => expect('answered').toBe('held'))])
      const [request] = emulator.requests
      expect(request!.startedAt).toBe(start)
      expect(clock.waiting).toEqual([start + 15])
      clock.advance(14)
      // A millisecond short: still held, nothing answered.
      expect(clock.waiting).toEqual([start + 15])
      expect(request!.status).toBeUndefined()
      clock.advance(1)
      expect((await answer).status).toBe(200)
      expect(request).toMatchObject({ status: 200, endedAt: start + 15 })
    })
  })

  test('a delayed fault adds to the latency', async () => {
    const clock = heldClock({ endWaitsAtOnce: true })
    await withEmulator({ latencyMs: 10, clock }, async emulator => {
      const start = clock.now()
      emulator.inject({ delayMs: 20 })
      expect((await callApi(emulator, 'GET', '/datasets')).status).toBe(200)
      expect(emulator.requests).toMatchObject([{ startedAt: start, endedAt: start + 30 }])
    })
  })
})

describe('the pacer', () => {
  /** Time that passes only as the pacer waits: its timers fire `lateMs` late, a turn takes 0.05 ms. */
  function lateTimers(lateMs: number): PacerTime & { at: number } {
    const time = {
      at: 0,
      now: () => time.at,
      sleep: (ms: number) => {
        time.at += ms + lateMs
        return Promise.resolve()
      },
      turn: () => {
        time.at += 0.05
        return Promise.resolve()
      }
    }
    return time
  }

  test('never returns early, and learns to set its timers short by their lateness', async () => {
    const time = lateTimers(0.7)
    const pacer = new Pacer(time)
    const overshoot: number[] = []
    for (let i = 0; i < 30; i++) {
      const deadline = time.at + 15
      await pacer.until(deadline)
      overshoot.push(time.at - deadline)
    }
    expect(overshoot.every(ms => ms >= 0)).toBe(true)
    // The first wait overshoots by the whole lateness; once learnt, by less than a turn or two.
    expect(overshoot[0]).toBeCloseTo(0.7)
    expect(Math.max(...overshoot.slice(10))).toBeLessThan(0.1)
  })

  test('the real clock stops waiting as soon as its signal aborts', async () => {
    const clock = realClock()
    const cancel = new AbortController()
    const waited = clock.until(clock.now() + 600_000, cancel.signal)
    cancel.abort()
    await expect(waited).rejects.toThrow()
  })

  // The one wall-clock check: that the real clock keeps the contract its fakes stand in for.
  // Load can only make it later, so it cannot fail on a busy machine.
  test('the real clock never ends a wait before its deadline', async () => {
    const clock = realClock()
    for (let i = 0; i < 5; i++) {
      const deadline = clock.now() + 3
      await clock.until(deadline)
      expect(clock.now()).toBeGreaterThanOrEqual(deadline)
    }
  })
})
