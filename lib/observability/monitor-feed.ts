// The live drop monitor's feed (GET /api/admin/monitor/stream, Server-Sent Events). One ticker per
// process, running only while an admin watches, sends each closed second of this process's figures
// (holds, refusals by reason, hold latency p50/p99, 5xx: per-second.ts, in memory) with the open
// stock streams; from the database, for every process together: successful holds per second from
// the ledger (the last few seconds, re-sent as late commits land), the expiry lag every 5 s, and the
// reconcile check at most every 30 s (it reads every product). A new viewer first gets the whole
// 15-minute window. Events: `snapshot`, `seconds`, `ledger`, `status`.
import { DomainError } from "../errors";
import { sqlClient } from "../db";
import { reconcile } from "../inventory/reconcile";
import { stockHub } from "../live/stock-hub";
import { logger } from "./log";
import { metrics } from "./metrics";
import { closedSeconds, WINDOW_SECONDS, type SecondFigures } from "./per-second";

export type MonitorSecond = SecondFigures & { streamClients: number };
export type LedgerPoint = { t: number; holds: number };
export type MonitorStatus = {
  /** Per-process figures are off (METRICS=off). */
  perProcess: boolean;
  expiryLagSeconds: number | null;
  reconcile: { ok: boolean; failing: number; checkedAt: string } | null;
};
export type MonitorSnapshot = { seconds: MonitorSecond[]; ledger: LedgerPoint[]; status: MonitorStatus };

const TICK_MS = 1_000;
const LAG_EVERY_MS = 5_000;
const RECONCILE_EVERY_MS = 30_000;
const LEDGER_RESEND_SECONDS = 5;
const HEARTBEAT_MS = 15_000;

type Listener = (event: string, data: unknown) => void;

class MonitorFeed {
  private readonly listeners = new Set<Listener>();
  private readonly streamClients = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private lastSecond = Math.floor(Date.now() / 1000) - 1;
  private status: MonitorStatus = { perProcess: metrics() !== null, expiryLagSeconds: null, reconcile: null };
  private lagAt = 0;
  private reconcileAt = 0;
  private ticking = false;

  async subscribe(listener: Listener): Promise<{ snapshot: MonitorSnapshot; unsubscribe: () => void }> {
    const now = Date.now();
    const seconds = this.withClients(closedSeconds(Math.floor(now / 1000) - WINDOW_SECONDS - 1, now));
    const ledger = await ledgerSince(Math.floor(now / 1000) - WINDOW_SECONDS);
    if (this.status.expiryLagSeconds === null) await this.refreshLag().catch(() => {});
    this.listeners.add(listener);
    this.start();
    return {
      snapshot: { seconds, ledger, status: this.status },
      unsubscribe: () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.stop();
      },
    };
  }

  get viewers() {
    return this.listeners.size;
  }

  private start() {
    if (this.timer) return;
    this.lastSecond = Math.floor(Date.now() / 1000) - 1;
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  private stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private withClients(seconds: SecondFigures[]): MonitorSecond[] {
    return seconds.map((s) => ({ ...s, streamClients: this.streamClients.get(s.t) ?? 0 }));
  }

  private send(event: string, data: unknown) {
    for (const listener of this.listeners) listener(event, data);
  }

  private async tick() {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = Date.now();
      const current = Math.floor(now / 1000);
      this.streamClients.set(current - 1, stockHub().subscriberCount);
      this.streamClients.delete(current - WINDOW_SECONDS - 1);
      const seconds = this.withClients(closedSeconds(this.lastSecond, now));
      if (seconds.length > 0) {
        this.lastSecond = seconds.at(-1)!.t;
        this.send("seconds", seconds);
      }
      this.send("ledger", await ledgerSince(current - LEDGER_RESEND_SECONDS));
      let changed = false;
      if (now - this.lagAt >= LAG_EVERY_MS) changed = (await this.refreshLag()) || changed;
      if (now - this.reconcileAt >= RECONCILE_EVERY_MS) changed = (await this.refreshReconcile()) || changed;
      if (changed) this.send("status", this.status);
    } catch (error) {
      logger().warn({ event: "monitor_tick_failed", err: error }, "the drop monitor could not read the database");
    } finally {
      this.ticking = false;
    }
  }

  private async refreshLag(): Promise<boolean> {
    this.lagAt = Date.now();
    const [row] = await sqlClient()<{ lag: number }[]>`
      select coalesce(extract(epoch from now() - min(hold_expires_at)), 0)::float8 as lag
        from orders where status = 'pending' and hold_expires_at <= now()`;
    const lag = Math.round(Number(row?.lag ?? 0) * 10) / 10;
    const changed = lag !== this.status.expiryLagSeconds;
    this.status = { ...this.status, expiryLagSeconds: lag };
    return changed;
  }

  private async refreshReconcile(): Promise<boolean> {
    this.reconcileAt = Date.now();
    const result = await reconcile();
    const failing = result.products.filter((p) => !p.ok).length;
    this.status = { ...this.status, reconcile: { ok: result.ok, failing, checkedAt: result.checkedAt } };
    return true;
  }
}

/** Successful holds per second from the ledger (every process), from second `from` on. */
async function ledgerSince(from: number): Promise<LedgerPoint[]> {
  const rows = await sqlClient()<{ t: number; holds: number }[]>`
    select floor(extract(epoch from created_at))::float8 as t, count(*)::float8 as holds
      from inventory_events
     where type = 'hold_created' and created_at >= to_timestamp(${from}::float8)
     group by 1 order by 1`;
  const byT = new Map(rows.map((r) => [Number(r.t), Number(r.holds)]));
  const last = Math.floor(Date.now() / 1000) - 1;
  const points: LedgerPoint[] = [];
  for (let t = from; t <= last; t++) points.push({ t, holds: byT.get(t) ?? 0 });
  return points;
}

const globalForFeed = globalThis as unknown as { __flashSaleMonitorFeed?: MonitorFeed };
const feed = () => (globalForFeed.__flashSaleMonitorFeed ??= new MonitorFeed());

const encoder = new TextEncoder();
const frame = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
const MAX_BACKLOG_CHUNKS = 1_000;
const MAX_VIEWERS = 50;

/** One admin's monitor stream; it ends when `signal` aborts or the reader cancels. */
export async function openMonitorStream(signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  if (feed().viewers >= MAX_VIEWERS) {
    throw new DomainError("rate_limited", "Too many drop monitors are open on this server.", undefined, 30);
  }
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: () => close(),
  });
  function close() {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    signal.removeEventListener("abort", close);
    try {
      controller.close();
    } catch {
      // already closed
    }
  }
  function send(chunk: Uint8Array) {
    if (closed) return;
    if ((controller.desiredSize ?? 0) < -MAX_BACKLOG_CHUNKS) return close();
    try {
      controller.enqueue(chunk);
    } catch {
      close();
    }
  }
  const subscription = await feed().subscribe((event, data) => send(frame(event, data)));
  unsubscribe = subscription.unsubscribe;
  signal.addEventListener("abort", close, { once: true });
  if (signal.aborted) {
    close();
    return stream;
  }
  send(encoder.encode("retry: 3000\n\n"));
  send(frame("snapshot", subscription.snapshot));
  heartbeat = setInterval(() => send(encoder.encode(": heartbeat\n\n")), HEARTBEAT_MS);
  heartbeat.unref();
  return stream;
}
