// A migration, once committed, is never edited: a database that already ran it would never see the
// change, so databases migrated before and after an edit would differ for good. Each migration file and
// each entry of meta/_journal.json must read exactly as in the commit that first added it (git history
// is in every clone; files and entries not committed yet are free to change). A change to a routine is
// a new migration that applies its file in db/routines (npm run db:routines).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "@/db/routines";

const JOURNAL = `${MIGRATIONS_DIR}/meta/_journal.json`;

// The one exception, from before this test: 0010 was edited in 6760315f77b8f1e7b0257bec7d774ce70c2682cf
// (place_holds gained available_after) after b636543074ff565efcec868935d30f343c82c9a4 first added it.
// History cannot be rewritten; it is held to its edited text, and migration 0012 brings databases
// migrated in between to the current place_holds (tests/routines.test.ts).
const EDITED: Record<string, string> = {
  [`${MIGRATIONS_DIR}/0010_place_holds_set_based.sql`]: "6760315f77b8f1e7b0257bec7d774ce70c2682cf",
};

const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

type JournalEntry = { idx: number; version: string; when: number; tag: string; breakpoints: boolean };
const entries = (text: string) => (JSON.parse(text) as { entries: JournalEntry[] }).entries;

describe("committed migrations", () => {
  it("are checked against the full history", () => {
    const shallow = git("rev-parse", "--is-shallow-repository").trim();
    expect(shallow, "a shallow clone lacks the history these tests read: git fetch --unshallow").toBe("false");
  });

  it("read exactly as when they were first committed", () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((name) => name.endsWith(".sql"))
      .map((name) => `${MIGRATIONS_DIR}/${name}`);
    let committed = 0;
    for (const file of files) {
      const added = git("log", "--diff-filter=A", "--format=%H", "--", file).trim().split("\n").filter(Boolean);
      if (added.length === 0) continue;
      committed++;
      const commit = EDITED[file] ?? added.at(-1)!;
      expect(readFileSync(file, "utf8"), `${file} was edited after commit ${commit.slice(0, 10)}`).toBe(
        git("show", `${commit}:${file}`),
      );
    }
    expect(committed, "no migration in git history: is this a git clone?").toBeGreaterThan(0);
  });

  it("keep their journal entries as when they were first committed", () => {
    const firstSeen = new Map<string, JournalEntry>();
    for (const commit of git("log", "--reverse", "--format=%H", "--", JOURNAL).trim().split("\n").filter(Boolean)) {
      for (const entry of entries(git("show", `${commit}:${JOURNAL}`))) {
        if (!firstSeen.has(entry.tag)) firstSeen.set(entry.tag, entry);
      }
    }
    expect(firstSeen.size, "no journal in git history: is this a git clone?").toBeGreaterThan(0);
    for (const entry of entries(readFileSync(JOURNAL, "utf8"))) {
      const first = firstSeen.get(entry.tag);
      if (first) expect(entry, `journal entry ${entry.tag}`).toEqual(first);
    }
  });
});
