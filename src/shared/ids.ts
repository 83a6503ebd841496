/**
 * Identifier checks shared by the input parser and the API client.
 *
 * An ID becomes a URL path segment. Percent-encoding alone does not make that safe: `..` and `.`
 * are still dot segments after encoding and would climb out of `/datasets/{id}`. So IDs are held
 * to an allowlist: Paperspace IDs are short lowercase alphanumerics (`dst364npcw6ccok`, `fo5rp4m`);
 * we accept letters, digits, `-` and `_`, starting with a letter or digit.
 */
const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

export function isPlainId(value: string): boolean {
  return PLAIN_ID.test(value)
}

export const PLAIN_ID_RULE =
  "letters, digits, '-' or '_', starting with a letter or digit, at most 128"
