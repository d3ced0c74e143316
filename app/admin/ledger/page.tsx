// /admin/ledger: the inventory ledger, newest first, filtered by product and type, a page at a
// time (keyset on the event id), with the admin behind each manual change.
import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/guards";
import { type InventoryEvent, type InventoryEventType, inventoryEventTypeSchema } from "@/lib/admin/schemas";
import { DomainError } from "@/lib/errors";
import { listInventoryEvents } from "@/lib/inventory/events";
import { listProducts } from "@/lib/products/queries";
import { Alert } from "@/app/_components/ui/alert";
import { Badge } from "@/app/_components/ui/badge";
import { Button, ButtonLink } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { LocalTime } from "@/app/_components/ui/local-time";
import { DataTable, type Column } from "@/app/_components/ui/data-table";
import { AdminHeader } from "../_components/admin-nav";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Ledger · Admin" };

const PAGE_SIZE = 50;
const types = inventoryEventTypeSchema.options;
const typeLabels: Record<InventoryEventType, string> = {
  stock_added: "Stock added",
  hold_created: "Hold created",
  hold_released: "Hold released",
  order_confirmed: "Order confirmed",
  product_changed: "Product changed",
};
const typeTones = {
  stock_added: "green",
  hold_created: "amber",
  hold_released: "neutral",
  order_confirmed: "blue",
  product_changed: "neutral",
} as const satisfies Record<InventoryEventType, string>;

const ledgerColumns: Column[] = [
  { label: "When", className: "px-4 py-2" },
  { label: "Type", className: "px-3 py-2" },
  { label: "Product", className: "px-3 py-2" },
  { label: "Delta", className: "px-3 py-2 text-right" },
  { label: "Detail", className: "px-3 py-2" },
  { label: "By", className: "px-4 py-2" },
];

type Search = { productId?: string; type?: string; before?: string };
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export default async function LedgerPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/ledger");
  const params = await searchParams;
  const filters: Search = { productId: one(params.productId), type: one(params.type), before: one(params.before) };
  const products = await listProducts();
  let events: InventoryEvent[] = [];
  let refusal: string | null = null;
  try {
    events = await listInventoryEvents({ ...filters, limit: PAGE_SIZE + 1 });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    refusal = error.message;
  }
  const page = events.slice(0, PAGE_SIZE);
  const older = events.length > PAGE_SIZE ? page.at(-1)?.id : undefined;
  const link = (extra: Search) => {
    const query = new URLSearchParams(
      Object.entries({ productId: filters.productId, type: filters.type, ...extra }).filter(
        (entry): entry is [string, string] => Boolean(entry[1]),
      ),
    );
    return `/admin/ledger${query.size ? `?${query}` : ""}`;
  };

  return (
    <section>
      <AdminHeader current="/admin/ledger" title="Inventory ledger" />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the ledger">
        <div>
          <label htmlFor="ledger-product" className="block text-sm font-medium text-zinc-800">
            Product
          </label>
          <select
            id="ledger-product"
            name="productId"
            defaultValue={filters.productId ?? ""}
            className="mt-1 block w-64 max-w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm"
          >
            <option value="">All products</option>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="ledger-type" className="block text-sm font-medium text-zinc-800">
            Type
          </label>
          <select
            id="ledger-type"
            name="type"
            defaultValue={filters.type ?? ""}
            className="mt-1 block w-48 rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm"
          >
            <option value="">All types</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {typeLabels[t]}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filters.productId || filters.type ? (
          <Link href="/admin/ledger" className="py-2 text-sm font-medium text-zinc-600 hover:text-zinc-950">
            Clear filters
          </Link>
        ) : null}
      </form>

      {refusal ? (
        <Alert tone="error" role="alert" title="These filters are not valid">
          {refusal}
        </Alert>
      ) : page.length === 0 ? (
        <Card className="p-8 text-center text-sm text-zinc-600">No events match these filters.</Card>
      ) : (
        <Card className="overflow-hidden">
          <DataTable
            caption="Inventory events, newest first"
            columns={ledgerColumns}
            className="min-w-[52rem]"
            data-testid="ledger-table"
          >
            {page.map((e) => (
              <tr key={e.id} data-testid="ledger-row">
                <td className="whitespace-nowrap px-4 py-2 text-xs text-zinc-600">
                  <LocalTime iso={e.createdAt} />
                  <span className="block text-zinc-500">#{e.id}</span>
                </td>
                <td className="px-3 py-2">
                  <Badge tone={typeTones[e.type]}>{typeLabels[e.type]}</Badge>
                </td>
                <td className="max-w-56 truncate px-3 py-2 text-zinc-900" title={e.productName}>
                  {e.productName}
                </td>
                <td
                  className={`px-3 py-2 text-right font-medium tabular-nums ${e.delta > 0 ? "text-emerald-700" : e.delta < 0 ? "text-rose-700" : "text-zinc-500"}`}
                >
                  {e.delta > 0 ? `+${e.delta}` : e.delta}
                </td>
                <td className="px-3 py-2 text-xs text-zinc-600">{describe(e)}</td>
                <td className="px-4 py-2 text-xs text-zinc-700">
                  {e.adminEmail ?? <span className="text-zinc-500">{e.orderId ? "shopper" : "system"}</span>}
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
      )}

      <nav aria-label="Ledger pages" className="mt-4 flex justify-between gap-3">
        {filters.before ? (
          <ButtonLink href={link({})} variant="secondary">
            ← Newest
          </ButtonLink>
        ) : (
          <span />
        )}
        {older ? (
          <ButtonLink href={link({ before: String(older) })} variant="secondary">
            Older events →
          </ButtonLink>
        ) : null}
      </nav>
    </section>
  );
}

function describe(e: InventoryEvent): string {
  const { action, changes } = e.metadata;
  if (e.type === "hold_released") return `Reason: ${e.reason ?? "unknown"}`;
  if (e.orderId) return `Order ${e.orderId.slice(0, 8)}`;
  if (e.type === "product_changed") {
    if (action === "open") return "Sale opened";
    if (action === "close") return "Sale closed";
    if (changes && typeof changes === "object") return `Edited: ${Object.keys(changes).join(", ")}`;
  }
  if (action === "restock") return "Restock";
  if (action === "create") return "Initial stock";
  return "";
}
