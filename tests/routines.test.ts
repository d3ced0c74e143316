// Every SQL routine has one current definition, its file in db/routines, and a database has exactly
// that definition whenever it was migrated: from scratch, from any earlier migration, or from the first
// committed version of migration 0010 (edited after it was committed). "Exactly" is judged by
// PostgreSQL itself: each file is applied, inside a transaction that is rolled back, to a migrated
// database, and every definition PostgreSQL prints (pg_get_functiondef, pg_get_triggerdef, the pg_cron
// jobs) must be the same before and after. So formatting is normalised the way PostgreSQL stores it,
// and any difference in a body, a signature, a setting or a trigger's event shows.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrateDatabase } from "@/db/migrate";
import { PG_CRON_COMMAND, PG_CRON_SCHEDULE, pgCronJobName } from "@/db/pg-cron";
import { changedRoutines, MIGRATIONS_DIR, readRoutines, routineStatements } from "@/db/routines";
import { databaseUrlFor } from "@/db/database-url";

// Migration 0010 as first committed: its place_holds lacks the available_after column.
const FIRST_0010 = { commit: "b636543074ff565efcec868935d30f343c82c9a4", tag: "0010_place_holds_set_based" };

type Sql = postgres.Sql | postgres.TransactionSql;
type Definitions = Record<string, string>;

/** Every routine PostgreSQL holds, by name: functions and procedures of schema public (not an
 *  extension's), triggers that are not internal, and the app's pg_cron jobs where pg_cron is here. */
async function definitions(sql: Sql): Promise<Definitions> {
  const rows = await sql<{ name: string; definition: string }[]>`
    select 'function ' || p.oid::regprocedure::text as name, pg_get_functiondef(p.oid) as definition
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and p.prokind in ('f', 'p')
       and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    union all
    select 'trigger ' || t.tgname || ' on ' || c.relname, pg_get_triggerdef(t.oid)
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and not t.tgisinternal`;
  const [cron] = await sql<{ present: boolean }[]>`select to_regclass('cron.job') is not null as present`;
  if (cron!.present) {
    const jobs = await sql.unsafe<{ jobname: string; schedule: string; command: string }[]>(
      "select jobname, schedule, command from cron.job where jobname like 'flash-sale-%'",
    );
    for (const job of jobs)
      rows.push({ name: `pg_cron job ${job.jobname}`, definition: `${job.schedule} ${job.command}` });
  }
  return Object.fromEntries(rows.map((r) => [r.name, r.definition] as const).sort(([a], [b]) => a.localeCompare(b)));
}

const ROLLBACK = new Error("rollback");

/** The definitions after running `statements`, in a transaction that is then rolled back. */
async function definitionsAfter(sql: postgres.Sql, statements: string[]): Promise<Definitions> {
  let after: Definitions = {};
  try {
    await sql.begin(async (tx) => {
      for (const statement of statements) await tx.unsafe(statement);
      after = await definitions(tx);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return after;
}

/** The routines a file defines, named as definitions() names them (functions without arguments). */
function declaredIn(text: string): string[] {
  const functions = [...text.matchAll(/^CREATE (?:OR REPLACE )?(?:FUNCTION|PROCEDURE) (\w+)\(/gim)];
  const triggers = [...text.matchAll(/^CREATE TRIGGER (\w+)\s[\s\S]*?\bON (\w+)\b/gim)];
  return [...functions.map((m) => `function ${m[1]}`), ...triggers.map((m) => `trigger ${m[1]} on ${m[2]}`)];
}

const withoutArguments = (name: string) => name.replace(/\(.*\)$/, "");

const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/** A copy of db/migrations whose journal stops after `count` migrations, with files replaced as given. */
function migrationsUpTo(count: number, replace: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "flash-sale-migrations-"));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalPath, JSON.stringify(journal));
  for (const [tag, text] of Object.entries(replace)) writeFileSync(path.join(dir, `${tag}.sql`), text);
  return dir;
}

const serverUrl = () => inject("databaseUrl");
const databases: string[] = [];

async function freshDatabase(name: string): Promise<string> {
  const url = databaseUrlFor(serverUrl(), name);
  const admin = postgres(databaseUrlFor(serverUrl(), "postgres"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  databases.push(name);
  return url;
}

async function definitionsOf(url: string): Promise<Definitions> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await definitions(sql);
  } finally {
    await sql.end();
  }
}

const routines = readRoutines();
let freshUrl: string;
let fresh: Definitions;

beforeAll(async () => {
  freshUrl = await freshDatabase("flash_sale_routines_fresh");
  await migrateDatabase(freshUrl);
  fresh = await definitionsOf(freshUrl);
});

afterAll(async () => {
  const admin = postgres(databaseUrlFor(serverUrl(), "postgres"), { max: 1, onnotice: () => {} });
  try {
    for (const name of databases) await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
});

describe("SQL routines", () => {
  it("are applied by the migrations exactly as their files now read (else: npm run db:routines)", () => {
    expect(routines.length).toBeGreaterThan(0);
    expect(changedRoutines().map((r) => r.file)).toEqual([]);
  });

  it("each have one file, and a migrated database has no routine without one", () => {
    const declared = routines.flatMap((r) => declaredIn(r.text));
    expect(new Set(declared).size, "a routine declared in two files").toBe(declared.length);
    const inDatabase = Object.keys(fresh)
      .filter((name) => !name.startsWith("pg_cron job "))
      .map(withoutArguments);
    expect([...declared].sort()).toEqual([...inDatabase].sort());
    for (const routine of routines) {
      if (routine.file.endsWith("schedule-expiry-on-pg-cron.sql")) continue;
      expect(declaredIn(routine.text).length, `${routine.file} declares no routine`).toBeGreaterThan(0);
    }
  });

  it("are defined in a freshly migrated database exactly as in their files", async () => {
    const sql = postgres(freshUrl, { max: 1, onnotice: () => {} });
    try {
      for (const routine of routines) {
        const after = await definitionsAfter(sql, routineStatements(routine.text));
        expect(after, `${routine.file} differs from what the migrations define`).toEqual(fresh);
      }
    } finally {
      await sql.end();
    }
  });

  it("end up as in their files whenever the database was migrated before", async () => {
    const journal = JSON.parse(readFileSync(`${MIGRATIONS_DIR}/meta/_journal.json`, "utf8")) as { entries: [] };
    const first0010 = git("show", `${FIRST_0010.commit}:${MIGRATIONS_DIR}/${FIRST_0010.tag}.sql`);
    const starts = [
      ...journal.entries.slice(1).map((_, i) => ({ label: `${i + 1} migrations`, dir: migrationsUpTo(i + 1) })),
      { label: "0010 as first committed", dir: migrationsUpTo(11, { [FIRST_0010.tag]: first0010 }) },
    ];
    try {
      for (const [i, start] of starts.entries()) {
        const url = await freshDatabase(`flash_sale_routines_${i}`);
        await migrateDatabase(url, start.dir);
        if (start.label === "0010 as first committed") {
          const placeHolds = (await definitionsOf(url))["function place_holds(uuid,jsonb,integer)"];
          expect(placeHolds).not.toContain("available_after");
        }
        await migrateDatabase(url);
        expect(await definitionsOf(url), `migrated through ${start.label}, then the rest`).toEqual(fresh);
      }
    } finally {
      for (const start of starts) rmSync(start.dir, { recursive: true, force: true });
    }
  });

  it("schedule the same pg_cron job in the migrations as the app does from pg_cron's own database", () => {
    const text = routines.find((r) => r.file.endsWith("schedule-expiry-on-pg-cron.sql"))!.text;
    expect(text).toContain(`'${pgCronJobName("")}' || current_database()`);
    expect(text).toContain(`'${PG_CRON_SCHEDULE}', '${PG_CRON_COMMAND}'`);
  });
});
