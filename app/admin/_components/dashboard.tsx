"use client";
// The /admin overview: figures, charts and the live inventory with its controls, refreshed every
// 5 seconds and on every stock change the stream reports.
import { formatCount, formatMoney, percentOf } from "@/lib/format";
import type { Metrics, ProductMetrics } from "@/lib/admin/schemas";
import type { QueueStats } from "@/lib/queue/schemas";
import { Badge, ProductStatusBadge } from "@/app/_components/ui/badge";
import { Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { LocalTime } from "@/app/_components/ui/local-time";
import { DataTable, type Column } from "@/app/_components/ui/data-table";
import { TimelineChart, UnitsByProductChart } from "./charts";
import { CreateProductButton, ManageProductButton } from "./product-forms";
import { useMetrics } from "./use-metrics";

const number = "px-3 py-2 text-right";
const inventoryColumns: Column[] = [
  { label: "Product", className: "px-4 py-2 sm:px-5" },
  { label: "Status", className: "px-3 py-2" },
  ...["Total", "Available", "Held", "Sold", "% sold"].map((label) => ({ label, className: number })),
  { label: "Window", className: "px-3 py-2" },
  { label: "Limit", className: number },
  { label: "Actions", className: "px-4 py-2 sm:px-5", hidden: true },
];

/** The expiry job is late when the oldest expired hold has waited this long. */
const LAG_WARNING_SECONDS = 30;

export function Dashboard({ initial }: { initial: Metrics }) {
  const { metrics, isError, updatedAt, stream } = useMetrics(initial);
  const { totals } = metrics;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3 text-sm text-zinc-600">
          <Badge tone={stream === "live" ? "green" : "amber"}>
            {stream === "live" ? "Live" : stream === "connecting" ? "Connecting…" : "Polling"}
          </Badge>
          <span>
            Updated <LocalTime iso={new Date(updatedAt).toISOString()} />
          </span>
          {isError ? (
            <span role="status" className="text-amber-800">
              Could not refresh; showing the last figures.
            </span>
          ) : null}
        </div>
        <CreateProductButton />
      </div>

      <section aria-labelledby="figures">
        <h2 id="figures" className="sr-only">
          Figures
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6">
          <StatCard label="Products" value={formatCount(totals.products)} />
          <StatCard label="Units available" value={formatCount(totals.available)} />
          <StatCard label="Pending orders" value={formatCount(totals.pendingOrders)} />
          <StatCard label="Confirmed orders" value={formatCount(totals.confirmedOrders)} />
          <StatCard label="Expired orders" value={formatCount(totals.expiredOrders)} />
          <StatCard label="Cancelled orders" value={formatCount(totals.cancelledOrders)} />
          <StatCard label="Revenue" value={formatMoney(totals.revenueCents)} />
          <StatCard label="Holds, last minute" value={formatCount(totals.holdsLastMinute)} />
          <StatCard label="Oversell attempts blocked" value={formatCount(totals.oversellAttemptsBlocked)} />
          <StatCard label="Inventory events" value={formatCount(totals.inventoryEvents)} />
          <StatCard
            label="Expiry lag"
            value={`${totals.expiryLagSeconds.toFixed(0)} s`}
            note={totals.expiryLagSeconds >= LAG_WARNING_SECONDS ? "Expiry job is behind" : "Expiry job on time"}
            warn={totals.expiryLagSeconds >= LAG_WARNING_SECONDS}
          />
        </dl>
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <ChartCard title="Units per product" subtitle="Pending, confirmed and expired units">
          <UnitsByProductChart products={metrics.products} />
        </ChartCard>
        <ChartCard title="Per minute" subtitle="Holds, confirmations, expirations and rejected attempts">
          <TimelineChart timeline={metrics.timeline} />
        </ChartCard>
      </div>

      <InventoryTable products={metrics.products} />
      <QueuePanel queues={metrics.queues} />
    </div>
  );
}

function StatCard({ label, value, note, warn }: { label: string; value: string; note?: string; warn?: boolean }) {
  return (
    <Card className={cn("p-4", warn && "border-rose-300 bg-rose-50")}>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-zinc-950">{value}</dd>
      {note ? (
        <dd className={cn("mt-0.5 text-xs", warn ? "font-medium text-rose-700" : "text-zinc-500")}>{note}</dd>
      ) : null}
    </Card>
  );
}

function ChartCard({ title, subtitle, children }: { title: string; subtitle: string; children: React.ReactNode }) {
  return (
    <Card className="p-4 sm:p-5">
      <h2 className="text-base font-semibold text-zinc-950">{title}</h2>
      <p className="mb-4 text-sm text-zinc-500">{subtitle}</p>
      {children}
    </Card>
  );
}

function InventoryTable({ products }: { products: ProductMetrics[] }) {
  return (
    <Card className="overflow-hidden">
      <div className="border-b border-zinc-200 px-4 py-3 sm:px-5">
        <h2 className="text-base font-semibold text-zinc-950">Inventory</h2>
      </div>
      {products.length === 0 ? (
        <p className="p-8 text-center text-sm text-zinc-600">No products yet. Create one to start a sale.</p>
      ) : (
        <DataTable
          caption="Stock of every product, live"
          columns={inventoryColumns}
          className="min-w-[60rem]"
          data-testid="inventory-table"
        >
          {products.map((p) => (
            <tr key={p.id} data-testid="inventory-row" data-product-id={p.id} className="align-middle">
              <th scope="row" className="max-w-56 px-4 py-3 text-left font-medium text-zinc-950 sm:px-5">
                <span className="block truncate" title={p.name}>
                  {p.name}
                </span>
                <span className="block text-xs font-normal text-zinc-500">
                  {formatMoney(p.priceCents, p.currency)}
                  {p.admission === "queue" ? " · waiting room" : ""}
                </span>
              </th>
              <td className="px-3 py-3">
                <ProductStatusBadge status={p.status} />
              </td>
              <td className="px-3 py-3 text-right tabular-nums" data-testid="cell-total">
                {formatCount(p.totalStock)}
              </td>
              <td
                className="px-3 py-3 text-right font-semibold tabular-nums text-zinc-950"
                data-testid="cell-available"
              >
                {formatCount(p.available)}
              </td>
              <td className="px-3 py-3 text-right tabular-nums" data-testid="cell-held">
                {formatCount(p.held)}
              </td>
              <td className="px-3 py-3 text-right tabular-nums" data-testid="cell-sold">
                {formatCount(p.sold)}
              </td>
              <td className="px-3 py-3 text-right tabular-nums">{percentOf(p.sold, p.totalStock)}%</td>
              <td className="px-3 py-3 text-xs text-zinc-600">
                <LocalTime iso={p.saleStartsAt} />
                <span aria-hidden="true"> → </span>
                <span className="sr-only"> to </span>
                <LocalTime iso={p.saleEndsAt} />
              </td>
              <td className="px-3 py-3 text-right tabular-nums">{p.maxPerCustomer}</td>
              <td className="px-4 py-3 text-right sm:px-5">
                <ManageProductButton product={p} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3_600) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.floor(seconds / 3_600)} h ${Math.ceil((seconds % 3_600) / 60)} min`;
}

const queueColumns: Column[] = [
  { label: "Product", className: "px-4 py-2 sm:px-5" },
  { label: "State", className: "px-3 py-2" },
  ...["Waiting", "Admitted", "Used", "Lapsed", "Admit rate", "Last in line waits"].map((label) => ({
    label,
    className: number,
  })),
];

/** Every waiting room: tickets by status, the admit rate and the wait of the last in line. */
function QueuePanel({ queues }: { queues: QueueStats[] }) {
  return (
    <Card className="overflow-hidden">
      <div className="border-b border-zinc-200 px-4 py-3 sm:px-5">
        <h2 className="text-base font-semibold text-zinc-950">Waiting rooms</h2>
      </div>
      {queues.length === 0 ? (
        <p className="p-8 text-center text-sm text-zinc-600">
          No sale has a waiting room. Choose “Waiting room” as a product's admission to give it one.
        </p>
      ) : (
        <DataTable
          caption="Each waiting room's tickets and pace"
          columns={queueColumns}
          className="min-w-[48rem]"
          data-testid="queue-table"
        >
          {queues.map((q) => (
            <tr key={q.productId} data-testid="queue-row" data-product-id={q.productId}>
              <th scope="row" className="max-w-56 truncate px-4 py-3 text-left font-medium text-zinc-950 sm:px-5">
                {q.name}
              </th>
              <td className="px-3 py-3">
                <Badge tone={q.paused ? "amber" : q.drawn ? "green" : "blue"}>
                  {q.paused ? "Paused" : q.drawn ? `Serving #${formatCount(q.serving)}` : "Pre-queue"}
                </Badge>
              </td>
              <td className="px-3 py-3 text-right tabular-nums" data-testid="queue-waiting">
                {formatCount(q.waiting)}
              </td>
              <td className="px-3 py-3 text-right tabular-nums" data-testid="queue-admitted">
                {formatCount(q.admitted)}
              </td>
              <td className="px-3 py-3 text-right tabular-nums" data-testid="queue-used">
                {formatCount(q.used)}
              </td>
              <td className="px-3 py-3 text-right tabular-nums">{formatCount(q.lapsed)}</td>
              <td className="px-3 py-3 text-right tabular-nums">{formatCount(q.admitPerMinute)}/min</td>
              <td className="px-3 py-3 text-right tabular-nums">
                {q.waiting === 0 ? "–" : formatWait(q.lastInLineWaitSeconds)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
