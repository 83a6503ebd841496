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

/**
 * The error of type `type` a promise rejects with; fails the test if it resolves or rejects with
 * anything else.
 */
export async function rejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E
): Promise<E> {
  try {
    await promise
  } catch (error) {
    if (error instanceof type) return error
    throw error
  }
  throw new Error(`expected a ${type.name}, but the promise resolved`)
}

/** The ApiError a promise rejects with; fails the test if it resolves or throws anything else. */
export function apiFailure(promise: Promise<unknown>): Promise<ApiError> {
  return rejection(promise, ApiError)
}
