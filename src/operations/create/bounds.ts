/**
 * How far a create's searches look, and how long a create is given to settle before the action
 * looks for duplicates. docs/failure.md ("What is never replayed") states each of these.
 */

/**
 * Pages (of 120) a search for a create's token or idempotencyKey reads at most: 12,000 versions.
 * A search that reaches it before its time bound says what it may have missed.
 */
export const SEARCH_PAGES = 100
/** How far back an idempotencyKey is looked for: as long as GitHub lets a run be re-run. */
export const KEY_SEARCH_DAYS = 30
/**
 * Listed versions are documented to carry their metadata, but one listed with `metadata: null`
 * may still carry a token or key: each search reads at most this many of those with GET.
 */
export const UNLISTED_METADATA_READS = 20
/**
 * How far the API's clock may be behind the runner's: a version a POST made can carry a
 * dtCreated up to this long before the POST was sent.
 */
export const CLOCK_SKEW_MS = 5 * 60_000
/**
 * How long after its first attempt was sent a create's versions are looked for again, when the
 * POST was sent more than once: long enough for an attempt the API was still carrying out when
 * the client gave up on it to land.
 */
export const SETTLE_MS = 10_000
