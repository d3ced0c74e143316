// The lists of db/enums.ts are the lists the migrated database enforces: each CHECK constraint built
// from a list names exactly its members. A member added to a list without a migration fails here.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { admissions, holdReleaseReasons, inventoryEventTypes, orderStatuses, roles, ticketStatuses } from "@/db/enums";
import { db } from "@/lib/db";

async function constraint(name: string): Promise<string> {
  const rows = await db().execute<{ definition: string }>(
    sql`select pg_get_constraintdef(oid) as definition from pg_constraint where conname = ${name}`,
  );
  expect(rows, name).toHaveLength(1);
  return rows[0]!.definition;
}

/** The text literals of a constraint's definition, in order, e.g. ['customer', 'admin']. */
const literalsIn = (definition: string) => [...definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1]);

describe("the CHECK constraints built from db/enums.ts", () => {
  it.each([
    ["users_role_known", roles],
    ["orders_status_known", orderStatuses],
    ["orders_released_stamped", holdReleaseReasons],
    ["products_admission_known", admissions],
    ["tickets_status_known", ticketStatuses],
  ] as const)("%s allows exactly the list's members", async (name, list) => {
    expect(literalsIn(await constraint(name))).toEqual([...list]);
  });

  it("inventory_events_delta_matches_type has one rule per event type and the release reasons", async () => {
    const definition = await constraint("inventory_events_delta_matches_type");
    const types = [...definition.matchAll(/WHEN '([^']*)'::text THEN/g)].map((m) => m[1]);
    expect(types).toEqual([...inventoryEventTypes]);
    const reasons = literalsIn(definition).filter((value) => !types.includes(value));
    expect(reasons).toEqual([...holdReleaseReasons]);
  });
});
