import type { Log } from '../../src/shared/log.ts'

export interface LogLine {
  readonly level: 'info' | 'warning' | 'debug'
  readonly text: string
}

/**
 * A Log that keeps every line, for tests of what an operation reports as it goes. `onLine` sees
 * each line as it is written, so a test can act at that moment (e.g. cancel the run).
 */
export function recordingLog(onLine?: (line: LogLine) => void): Log & {
  readonly lines: LogLine[]
  at(level: LogLine['level']): string[]
} {
  const lines: LogLine[] = []
  const write = (level: LogLine['level']) => (text: string) => {
    lines.push({ level, text })
    onLine?.({ level, text })
  }
  return {
    lines,
    at: level => lines.filter(line => line.level === level).map(line => line.text),
    info: write('info'),
    warning: write('warning'),
    debug: write('debug'),
    group: async (_name, fn) => fn()
  }
}
