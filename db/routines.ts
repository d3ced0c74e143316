// The SQL routines (functions, procedures, triggers, the pg_cron job) have one file each in
// db/routines, holding the current definition. A change to a routine is a new migration that applies
// the file's current text (`npm run db:routines` writes it); a migration once committed is never edited.
// In a migration, each routine's text follows a `-- routine db/routines/<name>.sql` line, so the text a
// database last received for a routine can be read back from the migrations and compared with its file.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const ROUTINES_DIR = "db/routines";
export const MIGRATIONS_DIR = "db/migrations";
export const BREAKPOINT = "--> statement-breakpoint";
const HEADER = /^-- routine (db\/routines\/[a-z0-9-]+\.sql)$/gm;

export type Routine = { file: string; text: string };

/** Every routine file, by name, with its text (surrounding blank lines trimmed). */
export function readRoutines(root = process.cwd()): Routine[] {
  return readdirSync(path.join(root, ROUTINES_DIR))
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .map((name) => {
      const file = `${ROUTINES_DIR}/${name}`;
      return { file, text: readFileSync(path.join(root, file), "utf8").trim() };
    });
}

/** A routine file's statements, as drizzle's migrator runs them (split at statement breakpoints). */
export function routineStatements(text: string): string[] {
  return text
    .split(BREAKPOINT)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The text of a migration that applies the given routines, one after the other. */
export function renderRoutinesMigration(routines: Routine[]): string {
  const preamble =
    "-- Written by npm run db:routines: applies the current text of each routine below, copied from its\n" +
    "-- file in db/routines, where the current definition of every routine lives.\n";
  return preamble + routines.map((r) => `-- routine ${r.file}\n${r.text}\n`).join(`${BREAKPOINT}\n`);
}

/** The routines a migration applies, by file, with the text it applies. */
export function routinesInMigration(sql: string): Map<string, string> {
  const found = new Map<string, string>();
  const headers = [...sql.matchAll(HEADER)];
  headers.forEach((header, i) => {
    const start = header.index + header[0].length;
    const end = headers[i + 1]?.index ?? sql.length;
    let text = sql.slice(start, end).trim();
    if (text.endsWith(BREAKPOINT)) text = text.slice(0, -BREAKPOINT.length).trim();
    found.set(header[1]!, text);
  });
  return found;
}

/** The migrations in the order drizzle applies them (meta/_journal.json), with their text. */
export function readMigrations(root = process.cwd()): { tag: string; sql: string }[] {
  const journal = JSON.parse(readFileSync(path.join(root, MIGRATIONS_DIR, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  return journal.entries.map(({ tag }) => ({
    tag,
    sql: readFileSync(path.join(root, MIGRATIONS_DIR, `${tag}.sql`), "utf8"),
  }));
}

/** Routine files whose current text is not what the latest migration applying them applies. */
export function changedRoutines(root = process.cwd()): Routine[] {
  const applied = new Map<string, string>();
  for (const migration of readMigrations(root)) {
    for (const [file, text] of routinesInMigration(migration.sql)) applied.set(file, text);
  }
  return readRoutines(root).filter((routine) => applied.get(routine.file) !== routine.text);
}
