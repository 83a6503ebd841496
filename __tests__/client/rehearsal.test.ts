/**
 * The in-memory rehearsal (src/paperspace/rehearsal.ts): it goes through the client's got
 * instance, is answered in this process, never reaches the API and never carries the key; the
 * client runs it only when asked, and only after its first real request has been sent.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { ClientRequest } from 'node:http'
import got from 'got'
import { startEmulator, type Emulator } from '../../emulator/server.ts'
import { jsonBody } from '../../src/paperspace/client.ts'
import { parseVersion } from '../../src/paperspace/parse.ts'
import { rehearse } from '../../src/paperspace/rehearsal.ts'
import { emulatorClient } from '../helpers/client.ts'
import { recordingLog } from '../helpers/log.ts'

/** Every HTTP request this process creates: its host, method and authorization header. */
function watchRequests() {
  const seen: { host: string; method: string; authorization: unknown }[] = []
  const onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request
    seen.push({
      host: request.host,
      method: request.method,
      authorization: request.getHeader('authorization')
    })
  }
  subscribe('http.client.request.created', onStart)
  return { seen, stop: () => unsubscribe('http.client.request.created', onStart) }
}

let emulator: Emulator
let watch: ReturnType<typeof watchRequests>
beforeEach(async () => {
  emulator = await startEmulator()
  watch = watchRequests()
})
afterEach(async () => {
  watch.stop()
  await emulator.close()
})

describe('rehearse', () => {
  test('is answered in memory, parsed like a real answer, and sends neither the key nor a byte to the API', async () => {
    const http = got.extend({
      prefixUrl: `${emulator.url}/`,
      headers: { authorization: `Bearer ${emulator.apiKey}` },
      responseType: 'buffer'
    })
    const parsed: unknown[] = []
    await rehearse(http, bytes => parsed.push(parseVersion(jsonBody(bytes))))

    expect(parsed).toEqual([expect.objectContaining({ version: 'rehearsal', isCommitted: true })])
    expect(emulator.requests).toHaveLength(0)
    expect(watch.seen).toEqual([
      { host: 'rehearsal.invalid', method: 'PUT', authorization: undefined }
    ])
  })

  test('never rejects, whatever the parser makes of the answer', async () => {
    const http = got.extend({ responseType: 'buffer' })
    await expect(
      rehearse(http, () => {
        throw new Error('unexpected shape')
      })
    ).resolves.toBeUndefined()
  })
})

describe('a client asked to rehearse', () => {
  test('rehearses once, after its first request is sent, and the API sees only the real requests', async () => {
    const datasetId = emulator.store.createDataset({ name: 'rehearsal' }).id
    const client = emulatorClient(emulator, { rehearse: true })
    const created = await client.createVersion(datasetId, { message: 'first' })
    await client.updateVersion(datasetId, created.version, { isCommitted: true })

    expect(emulator.requests.map(r => r.method)).toEqual(['POST', 'PUT'])
    const hosts = watch.seen.map(r => `${r.method} ${r.host}`)
    expect(hosts).toEqual(['POST 127.0.0.1', 'PUT rehearsal.invalid', 'PUT 127.0.0.1'])
    expect(emulator.store.getVersion(datasetId, created.version)?.isCommitted).toBe(true)
  })

  test('a rehearsal that fails is neither retried nor logged, and the real requests go on', async () => {
    // Break the rehearsal's in-memory connection as soon as its request exists.
    const breakRehearsal = (message: unknown) => {
      const request = (message as { request: ClientRequest }).request
      // ECONNRESET: a failure the client's retry policy retries for real requests.
      const reset = Object.assign(new Error('broken in memory'), { code: 'ECONNRESET' })
      if (request.host === 'rehearsal.invalid') request.destroy(reset)
    }
    subscribe('http.client.request.created', breakRehearsal)
    try {
      const datasetId = emulator.store.createDataset({ name: 'broken' }).id
      const log = recordingLog()
      const client = emulatorClient(emulator, { rehearse: true, log })
      const created = await client.createVersion(datasetId, { message: 'first' })
      await client.updateVersion(datasetId, created.version, { isCommitted: true })
      await new Promise(resolve => setTimeout(resolve, 50))

      expect(watch.seen.filter(r => r.host === 'rehearsal.invalid')).toHaveLength(1)
      expect(log.lines.filter(line => line.text.includes('rehearsal'))).toEqual([])
      expect(emulator.requests.map(r => r.method)).toEqual(['POST', 'PUT'])
    } finally {
      unsubscribe('http.client.request.created', breakRehearsal)
    }
  })

  test('a client not asked to rehearse makes only its own requests', async () => {
    const datasetId = emulator.store.createDataset({ name: 'plain' }).id
    const client = emulatorClient(emulator)
    const created = await client.createVersion(datasetId, { message: 'first' })
    await client.updateVersion(datasetId, created.version, { isCommitted: true })
    expect(watch.seen.map(r => r.host)).toEqual(['127.0.0.1', '127.0.0.1'])
  })
})
