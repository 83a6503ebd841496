import type { Log } from '../../src/shared/log.ts'

export interface LogLine {
  readonly level: 'info' | 'warning' | 'debug'
  readonly text: string
}

/** A Log that keeps every line, for tests of what an operation reports as it goes. */
export function recordingLog(): Log & {
  readonly lines: LogLine[]
  at(level: LogLine['level']): string[]
} {
  const lines: LogLine[] = []
  return {
    lines,
    at: level => lines.filter(line => line.level === level).map(line => line.text),
    info: text => lines.push({ level: 'info', text }),
    warning: text => lines.push({ level: 'warning', text }),
    debug: text => lines.push({ level: 'debug', text }),
    group: async (_name, fn) => fn()
  }
}
