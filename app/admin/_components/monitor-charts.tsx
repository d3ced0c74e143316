"use client";
// The drop monitor's charts (recharts): the last 15 minutes by second. They draw only in the
// browser (they measure their container); a placeholder holds their place until then.
import { useSyncExternalStore } from "react";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { Skeleton } from "@/app/_components/ui/skeleton";

const noop = () => () => {};
const useInBrowser = () =>
  useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );

export type ChartPoint = { t: number } & Record<string, number | null>;
export type Series = { key: string; name: string; color: string };

const axisTick = { fontSize: 11, fill: "#52525b" };
const timeLabel = (t: number) =>
  new Date(t * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export const REASON_COLORS = ["#e11d48", "#f59e0b", "#7c3aed", "#0891b2", "#65a30d", "#db2777", "#52525b"];

export function SecondsChart({
  data,
  series,
  label,
  testId,
  unit,
}: {
  data: ChartPoint[];
  series: Series[];
  label: string;
  testId: string;
  unit?: string;
}) {
  const inBrowser = useInBrowser();
  if (!inBrowser) return <Skeleton className="h-52 w-full" />;
  return (
    <div data-testid={testId} role="img" aria-label={label}>
      <LineChart
        responsive
        data={data}
        style={{ width: "100%", height: 208 }}
        margin={{ top: 4, right: 12, bottom: 4, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
        <XAxis dataKey="t" tickFormatter={timeLabel} tick={axisTick} minTickGap={48} />
        <YAxis allowDecimals={!!unit} tick={axisTick} width={unit ? 64 : 44} unit={unit} />
        <Tooltip labelFormatter={(t) => timeLabel(Number(t))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Line
            key={s.key}
            type="linear"
            dataKey={s.key}
            name={s.name}
            stroke={s.color}
            dot={false}
            strokeWidth={1.5}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
      </LineChart>
    </div>
  );
}
