"use client";
// /admin/monitor: a drop second by second. Figures for the last closed second, banners for what
// needs an operator now (expiry behind, server errors, a reconcile breach), and 15 minutes of
// charts. Fed by the monitor stream (use-monitor-feed.ts), never by polling.
import Link from "next/link";
import { useMemo } from "react";
import { formatCount } from "@/lib/format";
import { Alert } from "@/app/_components/ui/alert";
import { Badge } from "@/app/_components/ui/badge";
import { Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { type ChartPoint, REASON_COLORS, SecondsChart } from "./monitor-charts";
import { useMonitorFeed } from "./use-monitor-feed";

/** The expiry schedulers are behind when the oldest expired hold has waited this long. */
const LAG_ALERT_SECONDS = 30;

const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? "–" : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
const reasonLabel = (reason: string) => reason.replaceAll("_", " ");
const clock = (t: number) => new Date(t * 1000).toLocaleTimeString();

export function DropMonitor() {
  const { connection, seconds, ledger, status } = useMonitorFeed();
  const last = seconds.at(-1);
  const lastWithHolds = useMemo(() => [...seconds].reverse().find((s) => s.p50 !== null), [seconds]);
  const view = useMemo(() => {
    const reasons = new Map<string, number>();
    let fiveXx = 0;
    let lastFiveXx: number | undefined;
    let peak = 0;
    for (const s of seconds) {
      for (const [reason, n] of Object.entries(s.refusals)) reasons.set(reason, (reasons.get(reason) ?? 0) + n);
      if (s.fiveXx > 0) {
        fiveXx += s.fiveXx;
        lastFiveXx = s.t;
      }
      peak = Math.max(peak, s.holds);
    }
    const byReason = [...reasons.entries()].sort((a, b) => b[1] - a[1]);
    const reasonKeys = byReason.map(([reason]) => reason);
    const points: ChartPoint[] = seconds.map((s) => ({
      t: s.t,
      holds: s.holds,
      all: ledger.get(s.t) ?? null,
      p50: s.p50,
      p99: s.p99,
      fiveXx: s.fiveXx,
      streams: s.streamClients,
      ...Object.fromEntries(reasonKeys.map((r) => [r, s.refusals[r] ?? 0])),
    }));
    return { byReason, reasonKeys, fiveXx, lastFiveXx, peak, points };
  }, [seconds, ledger]);
  const ledgerNow = last ? (ledger.get(last.t - 1) ?? 0) : 0;
  const refusalsNow = last ? Object.values(last.refusals).reduce((n, v) => n + v, 0) : 0;
  const lag = status?.expiryLagSeconds ?? null;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3 text-sm text-zinc-600">
        <Badge tone={connection === "live" ? "green" : "amber"}>
          {connection === "live"
            ? "Live"
            : connection === "connecting"
              ? "Connecting…"
              : connection === "closed"
                ? "Disconnected"
                : "Reconnecting…"}
        </Badge>
        <span>
          Last 15 minutes by second. Holds, refusals, latency and errors are this server process&apos;s; &ldquo;all
          processes&rdquo; comes from the ledger.
        </span>
      </div>

      <div className="space-y-3" aria-live="polite">
        {lag !== null && lag >= LAG_ALERT_SECONDS ? (
          <Alert tone="error" role="alert" title="Expiry is behind">
            The oldest expired hold has waited {Math.round(lag)} s for its stock to return. Check the sweeper, pg_cron
            or the cron route.
          </Alert>
        ) : null}
        {view.fiveXx > 0 ? (
          <Alert tone="error" role="alert" title="Server errors">
            {formatCount(view.fiveXx)} answer{view.fiveXx === 1 ? "" : "s"} with a 5xx status in the last 15 minutes
            {view.lastFiveXx ? `, the latest at ${clock(view.lastFiveXx)}` : ""}.
          </Alert>
        ) : null}
        {status?.reconcile && !status.reconcile.ok ? (
          <Alert tone="error" role="alert" title="Invariants are breached">
            The reconcile check found {status.reconcile.failing} product{status.reconcile.failing === 1 ? "" : "s"}{" "}
            failing at {clock(Date.parse(status.reconcile.checkedAt) / 1000)}.{" "}
            <Link href="/admin/reconcile" className="font-medium underline">
              See the details
            </Link>
            .
          </Alert>
        ) : null}
        {status && !status.perProcess ? (
          <Alert tone="info" title="Metrics are off">
            This server runs with METRICS=off: only the ledger&apos;s figures are shown.
          </Alert>
        ) : null}
      </div>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        <Figure
          label="Holds/s"
          value={formatCount(last?.holds ?? 0)}
          note={`peak ${formatCount(view.peak)}`}
          testId="holds-per-second"
        />
        <Figure
          label="Holds/s, all processes"
          value={formatCount(ledgerNow)}
          note="from the ledger"
          testId="ledger-holds-per-second"
        />
        <Figure label="Refusals/s" value={formatCount(refusalsNow)} testId="refusals-per-second" />
        <Figure
          label="Hold latency p50 / p99"
          value={`${ms(lastWithHolds?.p50)} / ${ms(lastWithHolds?.p99)}`}
          testId="hold-latency"
        />
        <Figure label="5xx, 15 min" value={formatCount(view.fiveXx)} warn={view.fiveXx > 0} testId="server-errors" />
        <Figure label="Stream clients" value={formatCount(last?.streamClients ?? 0)} testId="stream-clients" />
        <Figure
          label="Expiry lag"
          value={lag === null ? "–" : `${Math.round(lag)} s`}
          warn={lag !== null && lag >= LAG_ALERT_SECONDS}
          testId="expiry-lag"
        />
        <Figure
          label="Reconcile"
          value={!status?.reconcile ? "…" : status.reconcile.ok ? "OK" : "Breach"}
          note={status?.reconcile ? `checked ${clock(Date.parse(status.reconcile.checkedAt) / 1000)}` : "every 30 s"}
          warn={status?.reconcile?.ok === false}
          testId="reconcile-state"
        />
      </dl>

      <div className="grid gap-6 lg:grid-cols-2">
        <ChartCard title="Holds per second">
          <SecondsChart
            testId="monitor-holds-chart"
            label="Successful holds per second: this process and all processes"
            data={view.points}
            series={[
              { key: "holds", name: "This process", color: "#2563eb" },
              { key: "all", name: "All processes (ledger)", color: "#18181b" },
            ]}
          />
        </ChartCard>
        <ChartCard title="Refusals per second, by reason">
          {view.reasonKeys.length === 0 ? (
            <p className="py-16 text-center text-sm text-zinc-500">No refusals in the last 15 minutes.</p>
          ) : (
            <SecondsChart
              testId="monitor-refusals-chart"
              label="Refused hold attempts per second, by reason"
              data={view.points}
              series={view.reasonKeys.map((key, i) => ({
                key,
                name: reasonLabel(key),
                color: REASON_COLORS[i % REASON_COLORS.length]!,
              }))}
            />
          )}
        </ChartCard>
        <ChartCard title="Hold latency">
          <SecondsChart
            testId="monitor-latency-chart"
            label="Hold latency per second, p50 and p99, in milliseconds"
            unit=" ms"
            data={view.points}
            series={[
              { key: "p50", name: "p50", color: "#2563eb" },
              { key: "p99", name: "p99", color: "#e11d48" },
            ]}
          />
        </ChartCard>
        <ChartCard title="5xx answers and stream clients">
          <SecondsChart
            testId="monitor-errors-chart"
            label="5xx answers per second and open stock streams"
            data={view.points}
            series={[
              { key: "fiveXx", name: "5xx/s", color: "#e11d48" },
              { key: "streams", name: "Stream clients", color: "#65a30d" },
            ]}
          />
        </ChartCard>
      </div>

      <Card className="p-4">
        <h2 className="font-semibold text-zinc-950">Refusals by reason, last 15 minutes</h2>
        {view.byReason.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">None yet.</p>
        ) : (
          <ul className="mt-3 divide-y divide-zinc-100 text-sm">
            {view.byReason.map(([reason, n]) => (
              <li key={reason} data-testid="refusal-reason" className="flex justify-between py-1.5">
                <span className="text-zinc-800">{reasonLabel(reason)}</span>
                <span className="tabular-nums font-medium text-zinc-950">{formatCount(n)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function Figure({
  label,
  value,
  note,
  warn,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  warn?: boolean;
  testId: string;
}) {
  return (
    <Card className={cn("p-4", warn && "border-rose-300 bg-rose-50")}>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums text-zinc-950" data-testid={testId}>
        {value}
      </dd>
      {note ? <p className="mt-0.5 text-xs text-zinc-500">{note}</p> : null}
    </Card>
  );
}

function ChartCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card className="p-4">
      <h2 className="mb-3 font-semibold text-zinc-950">{title}</h2>
      {children}
    </Card>
  );
}
