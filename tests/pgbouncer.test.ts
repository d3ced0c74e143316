// The app behind a real PgBouncer in transaction mode (Debian's 1.18: no protocol-level prepared
// statements, no LISTEN, no startup parameters it does not know). App processes run the app's own
// lib/ code with DATABASE_URL on PgBouncer (DATABASE_POOL_MODE=transaction) and
// DATABASE_DIRECT_URL on PostgreSQL, logging in through PgBouncer as a role whose defaults carry
// the app's timeouts, with fewer server connections than clients so sessions are shared.
import postgres from "postgres";
import { databaseNameOf } from "@/db/database-url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLiveProduct, orderStatusCounts, productRow } from "./helpers/fixtures";
import { findPgbouncer, startPgbouncer, type Pgbouncer } from "./helpers/pgbouncer";
import { runWorker } from "./helpers/processes";

const binary = findPgbouncer();
const inCi = Boolean(process.env.CI) && process.env.CI !== "false";
const MISSING = "pgbouncer is not installed (looked for /usr/sbin/pgbouncer and on PATH): apt-get install pgbouncer";
if (!binary && inCi) {
  it("runs where pgbouncer is installed, as CI must be", () => expect.fail(`${MISSING} (.ci/run installs it).`));
} else if (!binary) {
  console.warn(`tests/pgbouncer.test.ts skipped: ${MISSING}`);
}

const APP_ROLE = { name: "flash_sale_pooled", password: "flash-sale-pooled" };
const LOCK_TIMEOUT_MS = 1_000;
const STATEMENT_TIMEOUT_MS = 15_000;
const PORT = Number(process.env.TEST_PGBOUNCER_PORT ?? 6439);

const directUrl = () => inject("databaseUrl");
const database = () => databaseNameOf(directUrl());

describe.skipIf(!binary)("the app behind PgBouncer in transaction mode", () => {
  let bouncer: Pgbouncer;
  let admin: postgres.Sql;
  const startedAt = new Date();

  /** The environment of an app process whose DATABASE_URL is PgBouncer, logged in as `user`. */
  const pooledEnv = (user = APP_ROLE.name, extra: Record<string, string> = {}) => ({
    DATABASE_URL: bouncer.url(user, database()),
    DATABASE_POOL_MODE: "transaction",
    DATABASE_DIRECT_URL: directUrl(),
    DATABASE_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS),
    DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    SEED_DEMO: "false",
    SWEEPER_INTERVAL_SECONDS: "0",
    ...extra,
  });

  beforeAll(async () => {
    if (!binary) return;
    admin = postgres(directUrl(), { max: 1, onnotice: () => {} });
    // The app's role: table rights only, and the app's timeouts as its defaults in this database
    // (what docs/scaling.md tells the operator to set), since nothing can be sent per connection.
    const { name, password } = APP_ROLE;
    await admin.unsafe(`
      do $$ begin
        if not exists (select from pg_roles where rolname = '${name}') then create role ${name} login; end if;
      end $$;
      alter role ${name} password '${password}';
      grant select, insert, update, delete on all tables in schema public to ${name};
      grant usage, select on all sequences in schema public to ${name};
      alter role ${name} in database "${database()}" set statement_timeout = ${STATEMENT_TIMEOUT_MS};
      alter role ${name} in database "${database()}" set lock_timeout = ${LOCK_TIMEOUT_MS};
      alter role ${name} in database "${database()}" set idle_in_transaction_session_timeout = 10000;`);
    const server = new URL(directUrl());
    bouncer = await startPgbouncer({
      binary,
      port: PORT,
      server: { host: server.hostname, port: Number(server.port || 5432) },
      databases: [database()],
      users: {
        [APP_ROLE.name]: APP_ROLE.password,
        [decodeURIComponent(server.username)]: decodeURIComponent(server.password),
      },
      poolSize: 4,
    });
  });

  afterAll(async () => {
    await bouncer?.stop();
    // The holds these tests leave pending would expire in the middle of later suites, which count
    // what their own sweeps release: return their units now.
    await admin?.begin(async (tx) => {
      await tx`update orders set hold_expires_at = now() - interval '1 second'
                where status = 'pending' and created_at >= ${startedAt}`;
      await tx`select release_expired_holds(100000)`;
    });
    await admin?.end();
  });

  it("starts only when the pooled sessions carry the app's timeouts, and migrates over the direct URL", async () => {
    const owner = decodeURIComponent(new URL(directUrl()).username);
    const bare = await runWorker<{ ok: boolean; error?: string }>("pooled-worker.ts", ["start"], pooledEnv(owner));
    expect(bare.ok).toBe(false);
    expect(bare.error).toContain(`lock_timeout is 0 ms, expected ${LOCK_TIMEOUT_MS}`);
    const fix = `ALTER ROLE "${owner}" IN DATABASE "${database()}" SET lock_timeout = ${LOCK_TIMEOUT_MS};`;
    expect(bare.error).toContain(fix);

    expect(await runWorker("pooled-worker.ts", ["start"], pooledEnv())).toEqual({ ok: true });
  });

  it("sells out exactly when three app processes, each pipelining statements, hold through PgBouncer", async () => {
    const products = [await createLiveProduct({ stock: 30 }), await createLiveProduct({ stock: 30 })];
    const ids = products.map((p) => p.id).join(",");
    // Two connections per process for two hot products, rate limits and reads: postgres.js sends
    // several statements down one connection at once, which PgBouncer serves from shared sessions.
    const env = pooledEnv(undefined, { DATABASE_POOL_SIZE: "2", RATE_LIMITS: "on" });
    const tallies = await Promise.all(
      [1, 2, 3].map(() => runWorker<Record<string, number>>("pooled-worker.ts", ["holds", ids, "100"], env)),
    );
    const total: Record<string, number> = {};
    for (const t of tallies) for (const [k, n] of Object.entries(t)) total[k] = (total[k] ?? 0) + n;
    expect(total).toEqual({ held: 60, insufficient_stock: 240 });
    for (const product of products) {
      expect((await productRow(product.id)).available).toBe(0);
      expect(await orderStatusCounts(product.id)).toEqual({ pending: 30 });
    }
  });

  it("confirms, cancels and releases expired holds through PgBouncer", async () => {
    const product = await createLiveProduct({ stock: 10 });
    const env = pooledEnv(undefined, { HOLD_TTL_SECONDS: "2" });
    expect(await runWorker("pooled-worker.ts", ["lifecycle", product.id], env)).toEqual({
      confirmed: "confirmed",
      cancelled: "cancelled",
      released: 2,
      sweepSkipped: false,
      lateConfirm: "hold_expired",
    });
    expect(await orderStatusCounts(product.id)).toEqual({ confirmed: 1, cancelled: 1, expired: 2 });
    expect((await productRow(product.id)).available).toBe(9);
  });

  it("streams stock changes committed through PgBouncer, heard on the direct URL's LISTEN", async () => {
    const product = await createLiveProduct({ stock: 20 });
    type Seen = { before: number; held: number; after: number; shownAfterMs: number | null; listens: number };
    const result = await runWorker<Seen>("pooled-worker.ts", ["stream", product.id, "5"], pooledEnv());
    expect(result).toMatchObject({ before: 20, held: 5, after: 15, listens: 1 });
    expect(result.shownAfterMs).toBeLessThan(1_000);
  });

  it("keeps the lock timeout in force through PgBouncer: a hold on a locked row answers 503 in time", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const locker = postgres(directUrl(), { max: 1, onnotice: () => {} });
    try {
      const result = await locker.begin(async (tx) => {
        await tx`select 1 from products where id = ${product.id} for update`;
        return runWorker<{ outcome: string; ms: number }>("pooled-worker.ts", ["hold", product.id], pooledEnv());
      });
      expect(result.outcome).toBe("service_unavailable");
      expect(result.ms).toBeGreaterThanOrEqual(LOCK_TIMEOUT_MS - 50);
      expect(result.ms).toBeLessThan(LOCK_TIMEOUT_MS + 2_000);
    } finally {
      await locker.end();
    }
    expect(await orderStatusCounts(product.id)).toEqual({});
  });
});
