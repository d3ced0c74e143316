// npm run db:routines [-- NAME]: after editing routine files in db/routines, writes the migration that
// applies them. Finds the files whose text differs from what the migrations last applied, has
// drizzle-kit register an empty custom migration (`generate --custom`, so meta/_journal.json lists
// it), and fills it with those files' current text. Exits 0 without writing when nothing changed.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { changedRoutines, MIGRATIONS_DIR, readMigrations, renderRoutinesMigration } from "../db/routines";

const name = process.argv[2] ?? "routines";
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error(`Migration name "${name}": use lower-case letters, digits and underscores.`);
  process.exit(2);
}

const changed = changedRoutines();
if (changed.length === 0) {
  console.log("Every routine in db/routines is applied as it is by the migrations: nothing to write.");
  process.exit(0);
}

const before = readMigrations().length;
const drizzleKit = path.join("node_modules", ".bin", "drizzle-kit");
const generated = spawnSync(drizzleKit, ["generate", "--custom", "--name", name], { stdio: "inherit" });
if (generated.status !== 0) process.exit(generated.status ?? 1);

const migrations = readMigrations();
const added = migrations.at(-1);
if (migrations.length !== before + 1 || !added || !added.sql.startsWith("-- Custom SQL migration file")) {
  console.error("drizzle-kit did not add one empty custom migration; nothing written.");
  process.exit(1);
}
const file = path.join(MIGRATIONS_DIR, `${added.tag}.sql`);
writeFileSync(file, renderRoutinesMigration(changed));
console.log(`${file} applies:\n${changed.map((r) => `  ${r.file}`).join("\n")}`);
