// The process's one view of live stock. A single LISTEN connection (postgres.js `listen`, which
// re-listens after a reconnect) receives the stock_changed notifications that products' triggers
// send on commit (db/routines/notify-stock-changed.sql); the hub keeps the latest stock of
// every product and fans changes out to any number of subscribers (the /api/stream responses).
// Bursts are coalesced per product: at most one event every COALESCE_MS, always the latest value,
// and nothing when neither stock nor status changed. After every (re)listen the hub reloads all
// products, so changes missed while disconnected are sent too. Sale windows opening and closing
// are sent when they happen, without a notification. The waiting rooms' ticks announce their progress
// on channel queue_changed (db/routines/advance-queues.sql): the hub keeps the latest of each room and
// passes it on as it comes (a tick announces a room at most once per run, and only when it changed).
import postgres from "postgres";
import { sqlClient } from "../db";
import { env } from "../env";
import { logger } from "../observability/log";
import { recordListenReconnect } from "../observability/metrics";
import { productStatus } from "../products/status";
import type { QueueEvent, StockEvent } from "./stock-event";

export const STOCK_CHANNEL = "stock_changed";
export const QUEUE_CHANNEL = "queue_changed";
export const COALESCE_MS = 250;
const RESYNC_RETRY_MS = 2_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

type Stock = { available: number; saleStartsAt: number; saleEndsAt: number };
type Sent = { available: number; status: StockEvent["status"]; at: number };
export type StockListener = (event: StockEvent) => void;
export type QueueListener = (event: QueueEvent) => void;
/** Told of every notification as it arrives (productId), and of every (re)listen (null). */
export type ChangeWatcher = (productId: string | null) => void;
export type StockSubscription = { snapshot: StockEvent[]; queues: QueueEvent[]; unsubscribe: () => void };

class StockHub {
  private readonly stock = new Map<string, Stock>();
  private readonly sent = new Map<string, Sent>();
  private readonly trailing = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<StockListener>();
  private readonly queues = new Map<string, QueueEvent>();
  private readonly queueListeners = new Set<QueueListener>();
  private readonly watchers = new Set<ChangeWatcher>();
  private client: postgres.Sql | undefined;
  private ready: Promise<void> | undefined;
  private resyncing: Promise<void> | undefined;
  private boundaryTimer: NodeJS.Timeout | undefined;
  /** How many times the LISTEN was (re)established. */
  listens = 0;
  /** When (performance.now()) the current LISTEN was established; undefined while not listening. */
  listeningSince: number | undefined;

  /** Calls `watcher` on every change notification, unthrottled, and on every (re)listen. */
  watchChanges(watcher: ChangeWatcher): () => void {
    this.watchers.add(watcher);
    return () => void this.watchers.delete(watcher);
  }

  private tellWatchers(productId: string | null) {
    for (const watcher of this.watchers) {
      try {
        watcher(productId);
      } catch (error) {
        logger().error({ event: "stock_watcher_failed", err: error }, "a stock change watcher failed");
      }
    }
  }

  get subscriberCount() {
    return this.listeners.size;
  }

  /** Adds a subscriber once the hub listens; its snapshot is the current stock of every product. */
  async subscribe(listener: StockListener, onQueue?: QueueListener): Promise<StockSubscription> {
    await this.start();
    this.listeners.add(listener);
    if (onQueue) this.queueListeners.add(onQueue);
    return {
      snapshot: this.snapshot(),
      queues: onQueue ? [...this.queues.values()] : [],
      unsubscribe: () => {
        this.listeners.delete(listener);
        if (onQueue) this.queueListeners.delete(onQueue);
      },
    };
  }

  start(): Promise<void> {
    this.ready ??= this.listen().catch(async (error) => {
      const client = this.client;
      this.client = undefined;
      this.ready = undefined;
      this.listeningSince = undefined;
      await client?.end({ timeout: 0 }).catch(() => {});
      throw error;
    });
    return this.ready;
  }

  async stop() {
    const client = this.client;
    this.client = undefined;
    this.ready = undefined;
    this.listeningSince = undefined;
    this.tellWatchers(null);
    for (const timer of this.trailing.values()) clearTimeout(timer);
    this.trailing.clear();
    clearTimeout(this.boundaryTimer);
    this.listeners.clear();
    this.queueListeners.clear();
    this.queues.clear();
    this.stock.clear();
    this.sent.clear();
    await client?.end({ timeout: 1 }).catch(() => {});
  }

  private async listen() {
    // LISTEN needs a session of its own: the direct URL, never a transaction pooler.
    const url = env().DATABASE_DIRECT_URL;
    if (!url) throw new Error("DATABASE_URL is not set.");
    // Only `listen` is used on this client: it holds the process's one LISTEN connection.
    this.client = postgres(url, {
      max: 1,
      connect_timeout: 10,
      onnotice: () => {},
      connection: { application_name: "flash-sale-live" },
    });
    let first = true;
    await this.client.listen(QUEUE_CHANNEL, (payload) => this.receiveQueue(payload));
    await this.client.listen(
      STOCK_CHANNEL,
      (payload) => this.receive(payload),
      () => {
        this.listens += 1;
        this.listeningSince = performance.now();
        if (!first) {
          recordListenReconnect();
          logger().info({ event: "database_reconnected", connection: "listen" }, "live-stock LISTEN re-established");
        }
        this.tellWatchers(null);
        // The first load decides whether the hub starts; later ones retry until they succeed.
        this.resyncing = first ? this.resync() : this.resyncUntilDone();
        first = false;
      },
    );
    await this.resyncing;
  }

  /** Reloads the stock of every product and sends what differs from what was last sent. */
  private async resync(): Promise<void> {
    const rows = await sqlClient()<
      { id: string; available: number; sale_starts_at: Date | string; sale_ends_at: Date | string }[]
    >`
      select id, available, sale_starts_at, sale_ends_at from products`;
    for (const r of rows) {
      this.stock.set(r.id, {
        available: r.available,
        saleStartsAt: new Date(r.sale_starts_at).getTime(),
        saleEndsAt: new Date(r.sale_ends_at).getTime(),
      });
      this.schedule(r.id);
    }
    this.armBoundaryTimer();
    const rooms = await sqlClient()<{ notice: string | null }[]>`
      select q.notice from queues q join products p on p.id = q.product_id
       where p.admission = 'queue' and q.notice is not null`;
    for (const room of rooms) this.receiveQueue(room.notice!);
  }

  private receiveQueue(payload: string) {
    let event: QueueEvent;
    try {
      const e = JSON.parse(payload) as QueueEvent;
      event = {
        productId: String(e.productId),
        serving: Number(e.serving),
        waiting: Number(e.waiting),
        admitPerMinute: Number(e.admitPerMinute),
        paused: e.paused === true,
      };
    } catch {
      return;
    }
    const last = this.queues.get(event.productId);
    if (last && JSON.stringify(last) === JSON.stringify(event)) return;
    this.queues.set(event.productId, event);
    for (const listener of this.queueListeners) {
      try {
        listener(event);
      } catch (error) {
        console.error("[live] a queue subscriber failed:", error);
      }
    }
  }

  private async resyncUntilDone(): Promise<void> {
    const client = this.client;
    try {
      await this.resync();
    } catch (error) {
      if (!client || client !== this.client) return;
      logger().warn({ event: "stock_reload_failed", err: error }, "reloading stock after a reconnect failed; retrying");
      setTimeout(() => {
        if (client === this.client) this.resyncing = this.resyncUntilDone();
      }, RESYNC_RETRY_MS).unref();
    }
  }

  private receive(payload: string) {
    let change: { productId?: unknown; available?: unknown; saleStartsAt?: unknown; saleEndsAt?: unknown };
    try {
      change = JSON.parse(payload);
    } catch {
      return;
    }
    const { productId, available } = change;
    const saleStartsAt = Date.parse(String(change.saleStartsAt));
    const saleEndsAt = Date.parse(String(change.saleEndsAt));
    if (
      typeof productId !== "string" ||
      typeof available !== "number" ||
      Number.isNaN(saleStartsAt) ||
      Number.isNaN(saleEndsAt)
    )
      return;
    this.tellWatchers(productId);
    const before = this.stock.get(productId);
    this.stock.set(productId, { available, saleStartsAt, saleEndsAt });
    this.schedule(productId);
    if (!before || before.saleStartsAt !== saleStartsAt || before.saleEndsAt !== saleEndsAt) this.armBoundaryTimer();
  }

  /** Sends the product's latest state now, or when its coalescing window closes. */
  private schedule(productId: string) {
    if (this.trailing.has(productId)) return;
    const last = this.sent.get(productId);
    const wait = last ? last.at + COALESCE_MS - Date.now() : 0;
    if (wait <= 0) return this.emit(productId);
    const timer = setTimeout(() => {
      this.trailing.delete(productId);
      this.emit(productId);
    }, wait);
    timer.unref();
    this.trailing.set(productId, timer);
  }

  private emit(productId: string) {
    const event = this.event(productId);
    if (!event) return;
    const last = this.sent.get(productId);
    if (last && last.available === event.available && last.status === event.status) return;
    this.sent.set(productId, { available: event.available, status: event.status, at: Date.now() });
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        logger().error({ event: "stock_subscriber_failed", err: error }, "a stock subscriber failed");
      }
    }
  }

  private event(productId: string, now = new Date()): StockEvent | undefined {
    const s = this.stock.get(productId);
    if (!s) return undefined;
    const status = productStatus(
      { available: s.available, saleStartsAt: new Date(s.saleStartsAt), saleEndsAt: new Date(s.saleEndsAt) },
      now,
    );
    return { productId, available: s.available, status };
  }

  private snapshot(): StockEvent[] {
    const now = new Date();
    return [...this.stock.keys()].map((id) => this.event(id, now)!);
  }

  /** Wakes at the next sale start or end of any product, to send the status it changes. */
  private armBoundaryTimer() {
    clearTimeout(this.boundaryTimer);
    const now = Date.now();
    let next = Infinity;
    for (const s of this.stock.values()) {
      if (s.saleStartsAt > now) next = Math.min(next, s.saleStartsAt);
      else if (s.saleEndsAt > now) next = Math.min(next, s.saleEndsAt);
    }
    if (next === Infinity) return;
    this.boundaryTimer = setTimeout(
      () => {
        for (const id of this.stock.keys()) this.schedule(id);
        this.armBoundaryTimer();
      },
      Math.min(next - now + 5, MAX_TIMER_MS),
    );
    this.boundaryTimer.unref();
  }
}

const globalForHub = globalThis as unknown as { __flashSaleStockHub?: StockHub };

/** The process's stock hub (kept on globalThis so dev reloads share one LISTEN connection). */
export function stockHub(): StockHub {
  globalForHub.__flashSaleStockHub ??= new StockHub();
  return globalForHub.__flashSaleStockHub;
}
