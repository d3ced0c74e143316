"use client";
// The dashboard's charts (recharts): units per product by order state, and the sale's minutes.
// They draw only in the browser (they measure their container); a placeholder holds their place
// until then.
import { useSyncExternalStore } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ProductMetrics, TimelineMinute } from "@/lib/admin/schemas";
import { Skeleton } from "@/app/_components/ui/skeleton";

const noop = () => () => {};
const useInBrowser = () =>
  useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );

const colors = {
  pending: "#f59e0b",
  confirmed: "#18181b",
  expired: "#a1a1aa",
  rejections: "#e11d48",
  holds: "#2563eb",
};
const axisTick = { fontSize: 12, fill: "#52525b" };

const shortName = (name: string) => (name.length > 22 ? `${name.slice(0, 21)}…` : name);

export function UnitsByProductChart({ products }: { products: ProductMetrics[] }) {
  const inBrowser = useInBrowser();
  const height = Math.max(160, 48 + products.length * 36);
  if (!inBrowser) {
    return (
      <div style={{ height }}>
        <Skeleton className="h-full w-full" />
      </div>
    );
  }
  if (products.length === 0) return <p className="py-10 text-center text-sm text-zinc-500">No products yet.</p>;
  const data = products.map((p) => ({
    name: shortName(p.name),
    pending: p.held,
    confirmed: p.sold,
    expired: p.expiredUnits,
  }));
  return (
    <div data-testid="units-chart" role="img" aria-label="Units per product: pending, confirmed and expired">
      <BarChart
        responsive
        layout="vertical"
        data={data}
        style={{ width: "100%", height }}
        margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e4e7" />
        <XAxis type="number" allowDecimals={false} tick={axisTick} />
        <YAxis type="category" dataKey="name" width={150} tick={axisTick} interval={0} />
        <Tooltip cursor={{ fill: "#f4f4f5" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="pending" name="Pending" stackId="units" fill={colors.pending} isAnimationActive={false} />
        <Bar dataKey="confirmed" name="Confirmed" stackId="units" fill={colors.confirmed} isAnimationActive={false} />
        <Bar dataKey="expired" name="Expired" stackId="units" fill={colors.expired} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}

const minuteLabel = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export function TimelineChart({ timeline }: { timeline: TimelineMinute[] }) {
  const inBrowser = useInBrowser();
  if (!inBrowser) return <Skeleton className="h-64 w-full" />;
  const data = timeline.map((m) => ({ ...m, label: minuteLabel(m.minute) }));
  return (
    <div
      data-testid="timeline-chart"
      role="img"
      aria-label="Holds, confirmations, expirations and rejections per minute"
    >
      <LineChart
        responsive
        data={data}
        style={{ width: "100%", height: 256 }}
        margin={{ top: 4, right: 16, bottom: 4, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
        <XAxis dataKey="label" tick={axisTick} minTickGap={24} />
        <YAxis allowDecimals={false} tick={axisTick} width={40} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line
          type="monotone"
          dataKey="holds"
          name="Holds"
          stroke={colors.holds}
          dot={false}
          strokeWidth={2}
          isAnimationActive={false}
        />
        <Line
          type="monotone"
          dataKey="confirmations"
          name="Confirmations"
          stroke={colors.confirmed}
          dot={false}
          strokeWidth={2}
          isAnimationActive={false}
        />
        <Line
          type="monotone"
          dataKey="expirations"
          name="Expirations"
          stroke={colors.expired}
          dot={false}
          strokeWidth={2}
          isAnimationActive={false}
        />
        <Line
          type="monotone"
          dataKey="rejections"
          name="Rejections"
          stroke={colors.rejections}
          dot={false}
          strokeWidth={2}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
