// Every test file: the test database, and after every test the reconcile check must pass.
import { afterAll, afterEach, expect, inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");

const { reconcile } = await import("@/lib/inventory/reconcile");
const { closeDb } = await import("@/lib/db");

afterEach(async () => {
  const result = await reconcile();
  const breaches = result.products.filter((p) => !p.ok).map((p) => `${p.name}: ${p.problems.join("; ")}`);
  expect(breaches, "reconcile after the test").toEqual([]);
  expect(result.orphans).toEqual({ orders: 0, events: 0 });
});

afterAll(async () => {
  await closeDb();
});
