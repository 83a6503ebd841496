import type { Emulator } from '../../emulator/server.ts'
import { createClient, type ClientOptions } from '../../src/paperspace/client.ts'
import { ApiError } from '../../src/paperspace/errors.ts'

/** A real client for the emulator, with short backoff so retries take milliseconds. */
export function emulatorClient(emulator: Emulator, overrides: Partial<ClientOptions> = {}) {
  return createClient({
    baseUrl: emulator.url,
    apiKey: emulator.apiKey,
    timeoutMs: 5000,
    retries: 3,
    retryBaseMs: 5,
    ...overrides
  })
}

/** The ApiError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function apiFailure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected the request to fail')
}
