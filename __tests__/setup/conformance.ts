/**
 * Jest setup for every test file (`setupFilesAfterEnv`): each answer any emulator the file starts
 * sends is checked against the API's schemas (emulator/schemas.ts), and each request the action
 * sends against the operation it names. A violation fails the test during which it was sent (or,
 * sent outside a test, the file), so the emulator cannot drift from the spec again without a
 * failing test, and no test has to ask for the check. Answers a fault shaped are exempt
 * (conformance.ts). An emulator in a child process (`npm run emulator`) is not seen.
 */
import { afterAll, afterEach } from '@jest/globals'
import { watchAnswers } from '../../emulator/answers.ts'
import { answerViolations, requestViolations } from '../../emulator/conformance.ts'
import { USER_AGENT } from '../../src/paperspace/http.ts'

const found: string[] = []

watchAnswers(answer => {
  found.push(...answerViolations(answer))
  if (answer.request?.userAgent === USER_AGENT) found.push(...requestViolations(answer.request))
})

/** The violations found since the last check, now forgotten: for a test that plants one. */
export function takeViolations(): string[] {
  return found.splice(0)
}

/** Only the first few are listed: one drift in a page of 120 versions is 120 violations. */
const LISTED = 10

function check(): void {
  const violations = takeViolations()
  if (violations.length === 0) return
  const more = violations.length - LISTED
  throw new Error(
    [
      'The emulator or the action strayed from the API spec (emulator/schemas.ts):',
      ...violations.slice(0, LISTED).map(v => `- ${v}`),
      ...(more > 0 ? [`- and ${more} more`] : [])
    ].join('\n')
  )
}

afterEach(check)
afterAll(check)
