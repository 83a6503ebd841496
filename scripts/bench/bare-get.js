/* global process, fetch, console */
/**
 * The cold-start baseline: the least a Node 24 script can do to fetch one dataset version, with the
 * built-in fetch and nothing else. The benchmarks time it against the action doing the same `get`.
 */
const { BENCH_URL, BENCH_KEY } = process.env
const response = await fetch(BENCH_URL, { headers: { authorization: `Bearer ${BENCH_KEY}` } })
if (!response.ok) throw new Error(`GET failed: ${response.status}`)
const version = await response.json()
console.log(`version=${version.version} isCommitted=${version.isCommitted}`)
