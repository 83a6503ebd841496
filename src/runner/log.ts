/** The action's log on the runner: every line redacted, and API text unable to start a command. */
import * as core from '@actions/core'
import type { Log } from '../shared/log.ts'
import { neutralise } from '../shared/neutralise.ts'
import type { Redact } from '../shared/redact.ts'

export function runnerLog(redact: Redact): Log {
  // The runner hides debug lines unless debug logging is on; not writing them at all keeps a
  // cleanup of thousands of versions from printing a line per request for nothing.
  // core.info writes its line raw, so text from the API is neutralised there: it must not start a
  // workflow command. The other commands escape their message themselves.
  const debug = core.isDebug()
  return {
    info: message => core.info(neutralise(redact(message))),
    warning: message => core.warning(redact(message)),
    debug: message => {
      if (debug) core.debug(redact(message))
    },
    group: (name, fn) => core.group(redact(name), async () => fn())
  }
}
