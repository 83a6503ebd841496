/* global process */
/**
 * Preloaded into a measured process (`node --import`) by the benchmarks: at exit it writes that
 * process's own CPU time and peak resident memory, as the kernel counts them, to the file named
 * by BENCH_RUSAGE_FILE. Plain JavaScript, so that loading it costs next to nothing.
 */
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_RUSAGE_FILE
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000
    writeFileSync(file, JSON.stringify({ cpuMs, maxRssKb: usage.maxRSS }))
  })
}
