/* global process */
/**
 * The cold-start baseline: the least a Node 24 script can do to fetch one dataset version, one GET
 * with `node:http` and nothing else. The benchmark times it beside the action doing the same `get`.
 */
import { get } from 'node:http'

const { BENCH_URL, BENCH_KEY } = process.env
const body = await new Promise((resolve, reject) => {
  get(BENCH_URL, { headers: { authorization: `Bearer ${BENCH_KEY}` } }, response => {
    if (response.statusCode !== 200) {
      response.resume()
      reject(new Error(`GET failed: ${response.statusCode}`))
      return
    }
    let text = ''
    response.setEncoding('utf8')
    response.on('data', chunk => (text += chunk))
    response.on('end', () => resolve(text))
    response.on('error', reject)
  }).on('error', reject)
})
// Read as the action reads it, and checked without echoing the API's text.
if (typeof JSON.parse(body).version !== 'string') throw new Error('the answer has no version')
