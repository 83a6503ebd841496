/**
 * Work moved out of the way of the second request. When the first response of a run ends, got
 * checks whether a request body is a web `ReadableStream`, and that first touch of the global
 * makes Node load its web streams implementation: 3-5 ms spent between an answer and the request
 * that depends on it (a create's commit, the second page of a listing). Touching the global once
 * while the first request is in flight does the same loading while the process would otherwise
 * only wait.
 */
let warmed = false

/** Called as a request is sent; does its work once per process, on a later turn of the loop. */
export function warmWhileWaiting(): void {
  if (warmed) return
  warmed = true
  setImmediate(() => void globalThis.ReadableStream)
}
