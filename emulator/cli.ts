/**
 * `npm run emulator`: starts the Paperspace API emulator on loopback and prints its URL and key.
 *
 *   --port N        port on 127.0.0.1 (default 4010; 0 picks a free one)
 *   --key KEY       API key to accept (default: a random one, printed)
 *   --data FILE     keep state in this JSON file across restarts
 *   --seed N        create a dataset holding N versions spread over the last 30 days
 *   --latency MS    delay every answer by MS milliseconds
 */
import { parseArgs } from 'node:util'
import { DAY, history } from './seed.ts'
import { startEmulator } from './server.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    key: { type: 'string' },
    data: { type: 'string' },
    seed: { type: 'string', default: '0' },
    latency: { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h' }
  }
})

if (values.help) {
  console.log(
    'Usage: npm run emulator -- [--port N] [--key KEY] [--data FILE] [--seed N] [--latency MS]'
  )
  process.exit(0)
}

function wholeNumber(name: string, text: string): number {
  if (!/^\d+$/.test(text)) {
    console.error(`--${name}: expected a whole number, got ${JSON.stringify(text)}`)
    process.exit(2)
  }
  return Number(text)
}

const emulator = await startEmulator({
  port: wholeNumber('port', values.port),
  latencyMs: wholeNumber('latency', values.latency),
  ...(values.key !== undefined && { apiKeys: [values.key] }),
  ...(values.data !== undefined && { dataFile: values.data })
})

const seedCount = wholeNumber('seed', values.seed)
if (emulator.store.listDatasets().length === 0 || seedCount > 0) {
  const dataset = emulator.store.createDataset({
    name: 'emulator-demo',
    description: 'Created by the emulator'
  })
  emulator.store.seedVersions(
    dataset.id,
    history({ count: seedCount, spanMs: 30 * DAY, tags: [{ tag: 'nightly', share: 0.3 }] })
  )
}

console.log(`Paperspace API emulator listening on ${emulator.url}`)
console.log(`API key: ${emulator.apiKey}`)
for (const dataset of emulator.store.listDatasets()) {
  console.log(
    `Dataset ${dataset.id} (${dataset.name}): ${emulator.store.versions(dataset.id).length} versions`
  )
}
console.log(`Try: curl -H "Authorization: Bearer ${emulator.apiKey}" ${emulator.url}/datasets`)
console.log('Press Ctrl+C to stop.')

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void emulator.close().then(() => process.exit(0)))
}
