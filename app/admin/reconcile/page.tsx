// /admin/reconcile: invariants 1-5 (README, How it works) checked for every product, green or red,
// each check with the number of its invariant.
import type { Metadata } from "next";
import { Suspense } from "react";
import { requireAdmin } from "@/app/_lib/guards";
import { reconcile } from "@/lib/inventory/reconcile";
import { formatCount } from "@/lib/format";
import { Alert } from "@/app/_components/ui/alert";
import { Badge } from "@/app/_components/ui/badge";
import { ButtonLink } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { LocalTime } from "@/app/_components/ui/local-time";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { AdminHeader } from "../_components/admin-nav";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Reconcile · Admin" };

export default async function ReconcilePage() {
  await requireAdmin("/admin/reconcile");
  return (
    <section>
      <AdminHeader current="/admin/reconcile" title="Reconciliation" />
      <Suspense
        fallback={
          <div role="status" aria-busy="true" aria-label="Checking the invariants" className="space-y-4">
            <Skeleton className="h-16" />
            <div className="grid gap-4 md:grid-cols-2">
              <Skeleton className="h-56" />
              <Skeleton className="h-56" />
            </div>
          </div>
        }
      >
        <Results />
      </Suspense>
    </section>
  );
}

async function Results() {
  const result = await reconcile();
  const failing = result.products.filter((p) => !p.ok).length;
  return (
    <>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <Alert
          tone={result.ok ? "success" : "error"}
          role="status"
          className="grow"
          title={result.ok ? "All invariants hold" : "Invariants are breached"}
        >
          {result.ok
            ? `${formatCount(result.products.length)} products checked; stock, holds, sales and the ledger agree.`
            : `${failing} of ${result.products.length} products fail${result.orphans.orders || result.orphans.events ? `; orphans: ${result.orphans.orders} orders, ${result.orphans.events} events` : ""}.`}{" "}
          Checked <LocalTime iso={result.checkedAt} />.
        </Alert>
        <ButtonLink href="/admin/reconcile" variant="secondary" prefetch={false}>
          Check again
        </ButtonLink>
      </div>
      {result.products.length === 0 ? (
        <Card className="p-8 text-center text-sm text-zinc-600">No products to check yet.</Card>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {result.products.map((p) => (
            <li key={p.id}>
              <Card className={p.ok ? "p-4" : "border-rose-300 p-4"} data-testid="reconcile-product">
                <div className="flex items-start justify-between gap-3">
                  <h2 className="min-w-0 truncate font-semibold text-zinc-950" title={p.name}>
                    {p.name}
                  </h2>
                  <Badge tone={p.ok ? "green" : "red"}>{p.ok ? "OK" : "Breach"}</Badge>
                </div>
                <ul className="mt-3 space-y-1 text-sm">
                  <Check
                    ok={p.available >= 0}
                    invariant={1}
                    label="Available is not negative"
                    detail={`available ${formatCount(p.available)}`}
                  />
                  <Check
                    ok={p.available + p.held + p.sold === p.totalStock}
                    invariant={2}
                    label="Available + held + sold = total stock"
                    detail={`${formatCount(p.available)} + ${formatCount(p.held)} + ${formatCount(p.sold)} = ${formatCount(p.available + p.held + p.sold)} of ${formatCount(p.totalStock)}`}
                  />
                  <Check
                    ok={p.ledgerSum === p.available}
                    invariant={3}
                    label="Ledger sum = available"
                    detail={`${formatCount(p.ledgerSum)} vs ${formatCount(p.available)}`}
                  />
                  <Check
                    ok={p.stockAdded === p.totalStock}
                    invariant={3}
                    label="Stock added = total stock"
                    detail={`${formatCount(p.stockAdded)} vs ${formatCount(p.totalStock)}`}
                  />
                  <Check
                    ok={p.ordersWithBadEvents === 0}
                    invariant={4}
                    label="One ledger event per order step"
                    detail={`${p.ordersWithBadEvents} orders off`}
                  />
                  <Check
                    ok={p.customersOverLimit === 0}
                    invariant={5}
                    label="No shopper over the limit"
                    detail={`${p.customersOverLimit} over`}
                  />
                  <Check
                    ok={p.allocationMismatches === 0}
                    invariant={5}
                    label="Allocations match orders"
                    detail={`${p.allocationMismatches} mismatches`}
                  />
                </ul>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One check, with the number of the invariant it belongs to (README, How it works). */
function Check({ ok, invariant, label, detail }: { ok: boolean; invariant: number; label: string; detail: string }) {
  return (
    <li className="relative flex items-baseline gap-2">
      <span aria-hidden="true" className={ok ? "text-emerald-600" : "text-rose-600"}>
        {ok ? "✓" : "✗"}
      </span>
      <span className="sr-only">{ok ? "Holds:" : "Breached:"}</span>
      <span className="text-xs tabular-nums text-zinc-500">
        <span className="sr-only">invariant </span>
        {invariant}
      </span>
      <span className={ok ? "text-zinc-800" : "font-medium text-rose-800"}>{label}</span>
      <span className="ml-auto text-right text-xs tabular-nums text-zinc-500">{detail}</span>
    </li>
  );
}
