// npm run chaos: scripted faults against a real `next start` on a PostgreSQL of its own
// (.data/chaos-pg, port CHAOS_PG_PORT or 54390; app on CHAOS_PORT or 3690). Each scenario prints
// what the shoppers saw and the reconcile check runs after each; the exit code is 1 on any
// breach. Needs a prior `next build`. Scenarios (all by default, or name some: `npm run chaos -- b d`):
//   a  kill -9 of the app in the middle of a burst of holds with Idempotency-Key, restart, replay
//   b  PostgreSQL restarted under load: 503 with Retry-After meanwhile, recovery without an app restart
//   c  pg_terminate_backend on the app's connections during a burst: the app survives
//   d  a session holding the product row lock for 30 s: holds fail with 503 within the lock timeout
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { migrateDatabase } from "../db/migrate";
import { healthStatus, LAUNCHER, startAppProcess } from "./load/app-process";
import { sleep } from "./load/stats";
import { stopProcess } from "./load/stop-process";
import { processAlive, recreateDatabase, startEmbeddedPostgres, type EmbeddedServer } from "../db/server";

const PG_PORT = Number(process.env.CHAOS_PG_PORT ?? 54390);
const APP_PORT = Number(process.env.CHAOS_PORT ?? 3690);
const LOCK_TIMEOUT_MS = 2_000;
const PG_NAME = "chaos-pg";
const APP = `http://127.0.0.1:${APP_PORT}`;
const ADMIN = { email: "admin@chaos.test", password: "chaos-admin-password" };
const chosen = new Set(process.argv.slice(2).filter((a) => /^[abcd]$/.test(a)));
const runs = (s: string) => chosen.size === 0 || chosen.has(s);

if (!existsSync(LAUNCHER)) {
  console.error("No production build: run `npm run build` first, then `npm run chaos`.");
  process.exit(2);
}

const breaches: string[] = [];
const breach = (line: string) => {
  breaches.push(line);
  console.log(`  ✗ ${line}`);
};
const note = (line: string) => console.log(`  ${line}`);
const seconds = (ms: number) => `${(ms / 1_000).toFixed(2)} s`;

// ── PostgreSQL ─────────────────────────────────────────────────────────────────────────────────
let pg: EmbeddedServer | undefined;
const pidFile = path.resolve(".data", PG_NAME, "postmaster.pid");
const postmasterPid = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : 0);

async function startPg() {
  // A server left behind by an interrupted run of this script, on this script's own data directory.
  const stale = postmasterPid();
  if (stale && processAlive(stale)) {
    process.kill(stale, "SIGINT");
    for (let i = 0; i < 100 && processAlive(stale); i++) await sleep(100);
  }
  pg = await startEmbeddedPostgres({ name: PG_NAME, port: PG_PORT });
}

async function stopPg() {
  const current = pg;
  pg = undefined;
  await current?.stop();
  const pid = postmasterPid();
  for (let i = 0; i < 100 && pid && processAlive(pid); i++) await sleep(100);
}

const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/flash_sale_chaos`;
const admin = () => postgres(databaseUrl, { max: 2, onnotice: () => {}, connection: { application_name: "chaos" } });

// ── the app ────────────────────────────────────────────────────────────────────────────────────
let app: ChildProcess | undefined;
mkdirSync(path.resolve(".data"), { recursive: true });
const appLog = createWriteStream(path.resolve(".data", "chaos-app.log"));
const appEnv = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: databaseUrl,
  DATABASE_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS),
  DATABASE_POOL_SIZE: "8",
  HOLD_TTL_SECONDS: "600",
  // Every shopper comes from this one address: the per-address hold limit would refuse the load.
  RATE_LIMITS: "off",
  // Well inside the scripted shoppers' 15 s patience, so a stalled request is answered 503.
  REQUEST_DEADLINE_MS: "5000",
  SWEEPER_INTERVAL_SECONDS: "2",
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  SEED_DEMO: "false",
  AUTH_SECRET: "chaos-only-secret-0123456789abcdefghijklmnopqrstuvwxyz",
  NEXTAUTH_URL: APP,
  NEXT_TELEMETRY_DISABLED: "1",
} as NodeJS.ProcessEnv;

async function startApp() {
  const started = Date.now();
  app = (await startAppProcess({ port: APP_PORT, env: appEnv, output: appLog, timeoutMs: 30_000 })).child;
  return Date.now() - started;
}

async function stopApp(signal: NodeJS.Signals = "SIGTERM") {
  const child = app;
  app = undefined;
  if (child) await stopProcess(child, signal);
}

// ── requests ───────────────────────────────────────────────────────────────────────────────────
type Outcome = {
  status: number;
  ms: number;
  code?: string;
  orderId?: string;
  retryAfter?: string | null;
  replayed?: boolean;
  error?: string;
};

async function placeHold(productId: string, email: string, key?: string, timeoutMs = 20_000): Promise<Outcome> {
  const started = Date.now();
  try {
    const response = await fetch(`${APP}/api/holds`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
      body: JSON.stringify({ productId, quantity: 1, email }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as { order?: { id: string }; error?: { code: string } };
    return {
      status: response.status,
      ms: Date.now() - started,
      code: body.error?.code,
      orderId: body.order?.id,
      retryAfter: response.headers.get("retry-after"),
      replayed: response.headers.get("idempotent-replayed") === "true",
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { status: 0, ms: Date.now() - started, error: cause };
  }
}

function tally(outcomes: Outcome[]) {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key =
      o.status === 0
        ? `no answer (${o.error})`
        : [201, 409, 410, 503].includes(o.status)
          ? String(o.status)
          : `other ${o.status}${o.code ? ` ${o.code}` : ""}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}: ${n}`)
    .join(", ");
}

/** Runs `task` on `workers` loops until `stop()` says so or `max` tasks have run. */
async function load(workers: number, max: number, stop: () => boolean, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!stop() && next < max) await task(next++);
    }),
  );
}

/** 503 must carry Retry-After; any other 5xx, or an app that stops answering, is a breach. */
function checkStatuses(label: string, outcomes: Outcome[], allowNoAnswer = false) {
  const other5xx = outcomes.filter((o) => o.status >= 500 && o.status !== 503);
  if (other5xx.length)
    breach(
      `${label}: ${other5xx.length} answers were a 5xx other than 503 (${[...new Set(other5xx.map((o) => `${o.status} ${o.code}`))].join(", ")})`,
    );
  const bare503 = outcomes.filter((o) => o.status === 503 && !o.retryAfter);
  if (bare503.length) breach(`${label}: ${bare503.length} answers were 503 without Retry-After`);
  const silent = outcomes.filter((o) => o.status === 0);
  if (silent.length && !allowNoAnswer)
    breach(
      `${label}: ${silent.length} requests got no answer (${[...new Set(silent.map((o) => o.error))].join(", ")})`,
    );
}

// ── invariants ─────────────────────────────────────────────────────────────────────────────────
async function checkInvariants(label: string) {
  const { reconcile } = await import("../lib/inventory/reconcile");
  const result = await reconcile();
  for (const p of result.products.filter((p) => !p.ok)) breach(`${label}: ${p.name}: ${p.problems.join("; ")}`);
  if (result.orphans.orders || result.orphans.events) breach(`${label}: orphans ${JSON.stringify(result.orphans)}`);
  if (result.ok)
    note(
      `invariants hold for ${result.products.length} products (available >= 0, available + held + sold = total, ledger sums, events per order, limits)`,
    );
}

async function createProduct(name: string, stock: number, maxPerCustomer = 1): Promise<string> {
  const { createProduct } = await import("../lib/products/create-product");
  const { ensureAdmin } = await import("../lib/users/ensure-admin");
  const actor = (await ensureAdmin())?.actor;
  if (!actor) throw new Error("no admin account to create products with");
  const now = Date.now();
  const product = await createProduct(
    {
      name,
      priceCents: 1_000,
      initialStock: stock,
      maxPerCustomer,
      saleStartsAt: new Date(now - 60_000).toISOString(),
      saleEndsAt: new Date(now + 3_600_000).toISOString(),
    },
    actor,
  );
  return product.id;
}

// ── scenarios ──────────────────────────────────────────────────────────────────────────────────
async function scenarioKillApp() {
  console.log("\na. kill -9 of the app in the middle of a burst of 300 holds, each with its own Idempotency-Key");
  // A limit of 5 per shopper, so a duplicate hold would be placed, not refused.
  const productId = await createProduct("Chaos a: kill -9", 500, 5);
  const shoppers = Array.from({ length: 300 }, (_, i) => ({
    email: `a-${i}@chaos.test`,
    key: `chaos-a-${randomUUID()}`,
  }));
  const first: Outcome[] = new Array(shoppers.length);
  let killedAt = 0;
  const killer = (async () => {
    // Kill once the burst is well under way: some holds answered, others still in flight.
    while (first.filter(Boolean).length < 60 && killedAt === 0) await sleep(5);
    killedAt = Date.now();
    process.kill(app!.pid!, "SIGKILL");
  })();
  await load(
    40,
    shoppers.length,
    () => false,
    async (i) => {
      first[i] = await placeHold(productId, shoppers[i]!.email, shoppers[i]!.key, 10_000);
    },
  );
  await killer;
  await new Promise((r) => (app!.exitCode !== null || app!.signalCode !== null ? r(null) : app!.once("exit", r)));
  app = undefined;
  note(`first pass (killed after ${first.filter((o) => o.status === 201).length} answered 201): ${tally(first)}`);

  const restartMs = await startApp();
  note(`app restarted, healthy after ${seconds(restartMs)}`);

  // Replay every request with its own key. A hold's key is recorded only with its order, so a key
  // whose first request died with the app left nothing and its replay holds; a 409
  // idempotency_key_in_use or a 503 is retried honouring Retry-After, as a client should, for up to 45 s.
  const second: Outcome[] = new Array(shoppers.length);
  const replayUntil = Date.now() + 45_000;
  await load(
    20,
    shoppers.length,
    () => false,
    async (i) => {
      for (;;) {
        second[i] = await placeHold(productId, shoppers[i]!.email, shoppers[i]!.key);
        const retry =
          (second[i]!.status === 409 && second[i]!.code === "idempotency_key_in_use") || second[i]!.status === 503;
        if (!retry || Date.now() > replayUntil) break;
        await sleep(Math.min(5_000, 1_000 * Number(second[i]!.retryAfter ?? 1)));
      }
    },
  );
  note(
    `replay with the same keys: ${tally(second)}; ${second.filter((o) => o.replayed).length} answered with Idempotent-Replayed: true`,
  );
  checkStatuses("a (replay)", second);

  const changed = shoppers.filter(
    (_, i) => first[i]!.status === 201 && second[i]!.orderId !== first[i]!.orderId,
  ).length;
  if (changed) breach(`a: ${changed} keys answered 201 before the kill and another order (or none) on replay`);
  const notReplayed = shoppers.filter((_, i) => first[i]!.status === 201 && !second[i]!.replayed).length;
  if (notReplayed) breach(`a: ${notReplayed} replays of answered requests lacked Idempotent-Replayed: true`);
  const db = admin();
  try {
    const [dups] = await db<{ shoppers: number; extra: number }[]>`
      select count(*)::int as shoppers, coalesce(sum(n - 1), 0)::int as extra
        from (select customer_email, count(*) as n from orders where product_id = ${productId} group by 1 having count(*) > 1) d`;
    const [orders] = await db<{ n: number }[]>`select count(*)::int as n from orders where product_id = ${productId}`;
    note(`${orders!.n} orders for ${shoppers.length} shoppers`);
    if (dups!.shoppers > 0)
      breach(`a: ${dups!.shoppers} shoppers have more than one order (${dups!.extra} duplicate holds)`);
    const missing = second.filter((o) => o.status !== 201).length;
    if (missing) breach(`a: ${missing} shoppers have no hold after the replay although stock remained`);
  } finally {
    await db.end({ timeout: 2 });
  }
  await checkInvariants("a");
}

async function scenarioRestartPg() {
  console.log("\nb. PostgreSQL restarted under load (16 shoppers in a loop)");
  const productId = await createProduct("Chaos b: PostgreSQL restart", 100_000);
  const { closeDb } = await import("../lib/db");
  await closeDb();
  const appPid = app!.pid;
  const outcomes: (Outcome & { at: number })[] = [];
  let phase: "before" | "down" | "up" = "before";
  let downAt = 0;
  let upAt = 0;
  let recoveredAt = 0;
  let stopAt = Infinity;
  const start = Date.now();
  const running = load(
    16,
    20_000,
    () => Date.now() > stopAt || Date.now() - start > 40_000,
    async (i) => {
      const o = await placeHold(productId, `b-${i}@chaos.test`, undefined, 15_000);
      const at = Date.now();
      outcomes.push({ ...o, at });
      if (phase === "up" && o.status === 201 && !recoveredAt) {
        recoveredAt = at;
        stopAt = at + 2_000;
      }
      if (o.status === 503) await sleep(50);
    },
  );
  await sleep(1_500);
  phase = "down";
  downAt = Date.now();
  await stopPg();
  note(`PostgreSQL stopped (fast shutdown) after ${seconds(downAt - start)} of load`);
  await sleep(3_000);
  await startPg();
  upAt = Date.now();
  phase = "up";
  note(`PostgreSQL accepting again after ${seconds(upAt - downAt)} down`);
  await running;
  const during = outcomes.filter((o) => o.at >= downAt && (!recoveredAt || o.at < recoveredAt));
  note(`all answers: ${tally(outcomes)}`);
  note(`during the outage: ${tally(during)}`);
  const hung = outcomes.filter((o) => o.status === 0);
  if (hung.length)
    note(
      `requests without an answer were sent at ${hung.map((o) => `${seconds(o.at - o.ms - downAt)}`).join(", ")} relative to the shutdown (PostgreSQL back at ${seconds(upAt - downAt)})`,
    );
  checkStatuses("b", outcomes);
  if (!during.some((o) => o.status === 503)) breach("b: no 503 was seen while PostgreSQL was down");
  if (recoveredAt)
    note(
      `recovery: first 201 ${seconds(recoveredAt - upAt)} after PostgreSQL was back (${seconds(recoveredAt - downAt)} after it went down)`,
    );
  else breach("b: no hold succeeded after PostgreSQL came back");
  if (!app || app.pid !== appPid || app.exitCode !== null) breach("b: the app process did not survive");
  const h = await healthStatus(APP);
  if (h !== 200) breach(`b: /api/health answered ${h} after recovery`);
  else note("the same app process answers /api/health 200");
  await checkInvariants("b");
}

async function scenarioTerminateBackends() {
  console.log("\nc. pg_terminate_backend on the app's connections (application_name flash-sale) during a burst");
  const productId = await createProduct("Chaos c: terminated backends", 100_000);
  const { closeDb } = await import("../lib/db");
  await closeDb();
  const appPid = app!.pid;
  const outcomes: Outcome[] = [];
  const start = Date.now();
  let terminated = 0;
  let rounds = 0;
  const db = admin();
  const running = load(
    24,
    20_000,
    () => Date.now() - start > 5_000,
    async (i) => {
      outcomes.push(await placeHold(productId, `c-${i}@chaos.test`, undefined, 15_000));
    },
  );
  try {
    await sleep(500);
    while (Date.now() - start < 4_000) {
      const killed = await db<{ n: number }[]>`
        select count(*) filter (where pg_terminate_backend(pid))::int as n from pg_stat_activity
         where application_name = 'flash-sale' and pid <> pg_backend_pid()
           and (${rounds % 5 === 4} or state in ('active', 'idle in transaction'))`;
      terminated += killed[0]!.n;
      rounds++;
      await sleep(150);
    }
  } finally {
    await running;
    await db.end({ timeout: 2 });
  }
  note(
    `${terminated} app backends terminated in ${rounds} rounds (mid-statement or mid-transaction; every 5th round all of them)`,
  );
  note(`answers: ${tally(outcomes)}`);
  checkStatuses("c", outcomes);
  if (!app || app.pid !== appPid || app.exitCode !== null) breach("c: the app process did not survive");
  const h = await healthStatus(APP);
  if (h !== 200) breach(`c: /api/health answered ${h} afterwards`);
  const after = await placeHold(productId, "c-after@chaos.test");
  if (after.status !== 201) breach(`c: a hold afterwards answered ${after.status} ${after.code ?? after.error ?? ""}`);
  else note("the same app process answers /api/health 200 and places holds afterwards");
  await checkInvariants("c");
}

async function scenarioRowLock() {
  const LOCK_MS = 30_000;
  const bound = LOCK_TIMEOUT_MS + 1_000;
  console.log(
    `\nd. a session holds the product row lock for 30 s (app lock_timeout ${LOCK_TIMEOUT_MS} ms; bound ${bound} ms)`,
  );
  const productId = await createProduct("Chaos d: row lock", 1_000, 5);
  const db = admin();
  const outcomes: Outcome[] = [];
  let locked = false;
  const locker = db
    .begin(async (tx) => {
      await tx`select id from products where id = ${productId} for update`;
      locked = true;
      await tx`select pg_sleep(${LOCK_MS / 1_000})`;
    })
    .catch((error: Error) => breach(`d: the locking session failed: ${error.message}`));
  while (!locked) await sleep(10);
  const lockedAt = Date.now();
  const wave = async (label: string, n: number, offset: number) => {
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) => placeHold(productId, `d-${offset + i}@chaos.test`)),
    );
    outcomes.push(...answers);
    const ms = answers.map((o) => o.ms).sort((a, b) => a - b);
    note(
      `${label}: ${tally(answers)}; latency min ${ms[0]} ms, median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms.at(-1)} ms`,
    );
  };
  // One shopper alone, then a burst of 30 at once, then a steady trickle (one every 100 ms for 6 s).
  await wave("a single hold", 1, 0);
  await wave("30 holds at once", 30, 100);
  const trickle: Promise<Outcome>[] = [];
  for (let i = 0; i < 60; i++) {
    trickle.push(placeHold(productId, `d-${200 + i}@chaos.test`));
    await sleep(100);
  }
  const trickled = await Promise.all(trickle);
  outcomes.push(...trickled);
  const tms = trickled.map((o) => o.ms).sort((a, b) => a - b);
  note(
    `a trickle of 60 (one every 100 ms): ${tally(trickled)}; latency min ${tms[0]} ms, median ${tms[Math.floor(tms.length / 2)]} ms, max ${tms.at(-1)} ms`,
  );

  const failed = outcomes.filter((o) => o.status !== 201);
  const slow = failed.filter((o) => o.ms > bound);
  const wrong = outcomes.filter((o) => o.status !== 503);
  if (wrong.length)
    breach(`d: ${wrong.length} holds under the lock answered something other than 503 (${tally(wrong)})`);
  checkStatuses("d", outcomes);
  if (slow.length) {
    const worst = Math.max(...slow.map((o) => o.ms));
    breach(
      `d: ${slow.length} of ${failed.length} failing holds took longer than lock timeout + 1 s (${bound} ms); the worst ${worst} ms = ${(worst / LOCK_TIMEOUT_MS).toFixed(1)} lock timeouts`,
    );
  } else note(`every failing hold answered within ${bound} ms`);

  await locker;
  await db.end({ timeout: 2 });
  note(`lock released after ${seconds(Date.now() - lockedAt)}`);
  const after = await Promise.all(
    Array.from({ length: 10 }, (_, i) => placeHold(productId, `d-after-${i}@chaos.test`)),
  );
  note(`10 holds after the release: ${tally(after)}`);
  if (after.some((o) => o.status !== 201)) breach("d: holds did not succeed after the lock was released");
  await checkInvariants("d");
}

// ── run ────────────────────────────────────────────────────────────────────────────────────────
let cleaning: Promise<void> | undefined;
const cleanup = () =>
  (cleaning ??= (async () => {
    await stopApp().catch(() => {});
    const { closeDb } = await import("../lib/db");
    await closeDb().catch(() => {});
    await stopPg().catch(() => {});
  })());
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.log(`\n${signal}: stopping the app and PostgreSQL`);
    void cleanup().finally(() => process.exit(130));
  });
}

const began = Date.now();
try {
  process.env.DATABASE_URL = databaseUrl;
  process.env.ADMIN_EMAIL = ADMIN.email;
  process.env.ADMIN_PASSWORD = ADMIN.password;
  (process.env as Record<string, string>).NODE_ENV ??= "production";
  await startPg();
  await recreateDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
  console.log(`PostgreSQL on ${PG_PORT} (.data/${PG_NAME}), app on ${APP} (log: .data/chaos-app.log)`);
  note(`app healthy after ${seconds(await startApp())}`);
  if (runs("a")) await scenarioKillApp();
  if (runs("b")) await scenarioRestartPg();
  if (runs("c")) await scenarioTerminateBackends();
  if (runs("d")) await scenarioRowLock();
} catch (error) {
  breach(`the run stopped: ${(error as Error).stack ?? error}`);
} finally {
  await cleanup();
}
console.log(
  `\n${breaches.length === 0 ? "No breach" : `${breaches.length} breaches`} in ${seconds(Date.now() - began)}.`,
);
for (const b of breaches) console.log(`  ✗ ${b}`);
process.exit(breaches.length === 0 ? 0 : 1);
