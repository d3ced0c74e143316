// npm run reconcile: checks invariants 1-5 for every product; prints a table; exits 1 on a breach.
import { withDatabase } from "./with-database";

const result = await withDatabase(async () => {
  const { reconcile } = await import("../lib/inventory/reconcile");
  return reconcile();
});

const rows = result.products.map((p) => ({
  product: p.name.length > 28 ? `${p.name.slice(0, 27)}…` : p.name,
  total: p.totalStock,
  available: p.available,
  held: p.held,
  sold: p.sold,
  ledger: p.ledgerSum,
  "stock added": p.stockAdded,
  result: p.ok ? "ok" : "BREACH",
}));
console.table(rows);
for (const p of result.products.filter((p) => !p.ok)) console.log(`✗ ${p.name} (${p.id}): ${p.problems.join("; ")}`);
if (result.orphans.orders || result.orphans.events) {
  console.log(`✗ orphans: ${result.orphans.orders} orders and ${result.orphans.events} ledger events name no product`);
}
console.log(result.ok ? `All invariants hold for ${result.products.length} products.` : "Invariants are breached.");
process.exit(result.ok ? 0 : 1);
