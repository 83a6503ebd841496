/**
 * Waits for something another party makes happen (a child process, a socket closing), which
 * sends no event this process can listen for: polls `check` until it holds, and fails naming
 * `what` if it has not by the deadline. Only for events; a test never waits for time itself.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  deadlineMs = 10_000
): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${deadlineMs} ms`)
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}
