// Advisory lock keys: one registry (db/lock-keys.ts), one key per purpose, and every lock taken in
// TypeScript or SQL drawn from it. The expiry sweeper and the dashboard's roll-up once shared a key, so
// either silently skipped its work while the other ran: each now runs while the other holds its lock.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { LOCK_KEYS } from "@/db/lock-keys";
import { readRoutines } from "@/db/routines";
import { GUEST } from "@/lib/actor";
import { db } from "@/lib/db";
import { placeHold } from "@/lib/inventory/place-hold";
import { sweepExpiredHolds } from "@/lib/inventory/expiry";
import { createLiveProduct, expireHolds, guestEmail, orderStatusCounts } from "./helpers/fixtures";

const LOCK_CALL = /\bpg_(?:try_)?advisory_(?:xact_)?(?:un)?lock(?:_shared)?\(([^)]*)\)/g;
const names = Object.keys(LOCK_KEYS) as (keyof typeof LOCK_KEYS)[];
const nameOfKey = new Map<number, string>(names.map((name) => [LOCK_KEYS[name], name]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mjs)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("advisory lock keys", () => {
  it("give each lock a key of its own", () => {
    const keys = Object.values(LOCK_KEYS);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("are taken in TypeScript only through the registry", () => {
    const calls = ["app", "lib", "db", "scripts", "tests"]
      .flatMap(sourceFiles)
      .flatMap((file) => [...readFileSync(file, "utf8").matchAll(LOCK_CALL)].map((m) => ({ file, argument: m[1] })));
    expect(calls.length).toBeGreaterThan(0);
    for (const { file, argument } of calls) {
      expect(argument, `${file}: ${argument}`).toMatch(new RegExp(`^\\$\\{LOCK_KEYS\\.(${names.join("|")})\\}$`));
    }
  });

  it("are taken in SQL routines only as registered keys, named beside the number", async () => {
    let found = 0;
    for (const routine of readRoutines()) {
      for (const [, argument] of routine.text.matchAll(LOCK_CALL)) {
        found++;
        const name = nameOfKey.get(Number(argument));
        expect(name, `${routine.file}: key ${argument} is not in db/lock-keys.ts`).toBeDefined();
        expect(routine.text, `${routine.file} does not name its key ${argument}`).toContain(name);
      }
    }
    expect(found).toBeGreaterThan(0);
    // And what the database runs, whatever migration put it there.
    const sources = await db().execute<{ name: string; source: string }>(sql`
      select p.proname as name, p.prosrc as source
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prosrc ~ 'advisory'`);
    for (const { name, source } of sources) {
      for (const [, argument] of source.matchAll(LOCK_CALL)) {
        expect(nameOfKey.has(Number(argument)), `${name} locks ${argument}`).toBe(true);
      }
    }
  });

  it("let the expiry sweeper release expired holds while the dashboard's roll-up holds its lock", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const order = await placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST);
    await expireHolds([order.id]);
    const dashboard = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    try {
      await dashboard.begin(async (tx) => {
        const [rollUp] = await tx`select roll_up_inventory_events() as sealed_until`;
        expect(rollUp!.sealed_until, "the roll-up took its lock").not.toBeNull();
        const sweep = await sweepExpiredHolds();
        expect(sweep.skipped).toBe(false);
        expect(sweep.released).toBeGreaterThanOrEqual(1);
      });
    } finally {
      await dashboard.end();
    }
    expect(await orderStatusCounts(product.id)).toEqual({ expired: 1 });
  });

  it("let the dashboard's roll-up run while a sweeper holds its lock", async () => {
    const sweeper = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    try {
      await sweeper.begin(async (tx) => {
        const [lock] = await tx`select pg_try_advisory_xact_lock(${LOCK_KEYS.expirySweeper}) as taken`;
        expect(lock!.taken).toBe(true);
        const [rollUp] = await db().execute<{ sealed_until: Date | null }>(
          sql`select roll_up_inventory_events() as sealed_until`,
        );
        expect(rollUp!.sealed_until, "the roll-up ran instead of finding its lock taken").not.toBeNull();
      });
    } finally {
      await sweeper.end();
    }
  });
});
