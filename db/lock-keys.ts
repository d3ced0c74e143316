// Every PostgreSQL advisory lock key the app takes, in one place, each used for one purpose only: two
// purposes sharing a key would silently skip or wait on each other (the expiry sweeper and the dashboard's
// roll-up once did). TypeScript callers use LOCK_KEYS; SQL routines (db/routines) write the number with
// the entry's name beside it, and tests/lock-keys.test.ts checks that every key in SQL is listed here
// under that name and that no two entries share a key. A new lock takes a new entry with a new key.
export const LOCK_KEYS = {
  /** db/migrate.ts: session lock, one migrator at a time across starting processes. */
  migrator: 727_001,
  /** lib/inventory/expiry.ts (sweepExpiredHolds): transaction lock per batch, one in-process sweeper at a time. */
  expirySweeper: 727_002,
  /** db/routines/roll-up-inventory-events.sql: transaction lock, one roll-up of the ledger at a time. */
  inventoryRollup: 727_003,
  /** db/routines/advance-queues.sql (exclusive) and join-queue.sql (shared): a waiting room's draw waits for
   *  the pre-queue joins in flight, and joins arriving meanwhile wait for the draw. */
  queueDraw: 727_004,
} as const;

export type LockName = keyof typeof LOCK_KEYS;
