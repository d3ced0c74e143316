// The canonical mailbox has two definitions, lib/users/canonical-mailbox.ts and the SQL function
// canonical_mailbox: both are held to one table of cases, and to each other on generated addresses.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { canonicalMailbox } from "@/lib/users/canonical-mailbox";

const CASES: [string, string][] = [
  ["Shopper@Example.com", "shopper@example.com"],
  ["shopper+drop@example.com", "shopper@example.com"],
  ["shopper+a+b@example.com", "shopper@example.com"],
  ["first.last+sale@example.com", "first.last@example.com"],
  ["first.last@gmail.com", "firstlast@gmail.com"],
  ["F.i.R.s.T+x@GMail.com", "first@gmail.com"],
  ["first.last@googlemail.com", "firstlast@gmail.com"],
  ["first.last+tag@googlemail.com", "firstlast@gmail.com"],
  ["x.y@gmail.com.example", "x.y@gmail.com.example"],
  ["x.y@mail.gmail.com", "x.y@mail.gmail.com"],
  ["+only@example.com", "+only@example.com"],
  ["a+@example.com", "a@example.com"],
  ["plain@example.com", "plain@example.com"],
];

async function inSql(emails: string[]): Promise<string[]> {
  const rows = await db().execute<{ mailbox: string }>(
    sql`select canonical_mailbox(e) as mailbox
          from jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb) with ordinality as t(e, i) order by i`,
  );
  return rows.map((r) => r.mailbox);
}

describe("the canonical mailbox", () => {
  it.each(CASES)("of %s is %s in TypeScript", (email, mailbox) => {
    expect(canonicalMailbox(email)).toBe(mailbox);
  });

  it("is the same for every case in SQL", async () => {
    expect(await inSql(CASES.map(([email]) => email))).toEqual(CASES.map(([, mailbox]) => mailbox));
  });

  it("agrees between TypeScript and SQL on 2,000 generated addresses", async () => {
    const parts = ["a", "B", ".", "+", "x.y", "+t", "..", "0", "-", "_"];
    const domains = ["gmail.com", "GoogleMail.com", "example.com", "Gmail.COM", "sub.gmail.com", "googlemail.co"];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const emails = Array.from({ length: 2_000 }, () => {
      const local = Array.from({ length: 1 + next(5) }, () => parts[next(parts.length)]).join("");
      return `${local}@${domains[next(domains.length)]}`;
    });
    expect(await inSql(emails)).toEqual(emails.map(canonicalMailbox));
  });
});
