/**
 * The logging the core of the action needs, so that only `main.ts` talks to `@actions/core`
 * and everything below it can run (and be tested) without a runner.
 */
export interface Log {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
  /** Runs `fn`, sync or async, inside a collapsible log group. */
  group<T>(name: string, fn: () => T | Promise<T>): Promise<T>
}

export const silentLog: Log = {
  info() {},
  warning() {},
  debug() {},
  group: async (_name, fn) => fn()
}
