// The process's one view of live stock. A single LISTEN connection (postgres.js `listen`, which
// re-listens after a reconnect) receives the stock_changed notifications that products' triggers
// send on commit (db/routines/notify-stock-changed.sql); the hub keeps the latest stock of every
// product and fans changes out to any number of subscribers (the /api/stream responses).
// Changes are sent in ticks, at most one every STREAM_TICK_MS, longer past MAX_WRITES_PER_SECOND
// (the first after a quiet spell at once): each tick encodes ONE frame carrying the latest state of
// every product (and waiting room) that changed since the last, nothing for a product whose stock
// and status are as last sent, and hands the same bytes to every subscriber, in slices that yield to
// the event loop so that no answer waits behind the fan-out. Stock is a level, not a log: latest wins. After every
// (re)listen the hub reloads all products, so changes missed while disconnected are sent too. Sale
// windows opening and closing are sent when they happen, without a notification. The waiting rooms'
// ticks announce their progress on channel queue_changed (db/routines/advance-queues.sql): the hub
// keeps the latest of each room and sends it in the next tick.
import postgres from "postgres";
import { sqlClient } from "../db";
import { env } from "../env";
import { logger } from "../observability/log";
import { recordListenReconnect } from "../observability/metrics";
import { productStatus } from "../products/status";
import { encodeFrame } from "./frames";
import type { QueueEvent, StockEvent } from "./stock-event";

export const STOCK_CHANNEL = "stock_changed";
export const QUEUE_CHANNEL = "queue_changed";
/** Subscribers written to between two yields to the event loop. */
export const FAN_OUT_SLICE = 250;
/** Stream writes a process makes per second at most: a write through the framework's web streams
 *  costs about 50 µs of CPU, so past 2,500 subscribers the tick lengthens (5,000: 500 ms). */
export const MAX_WRITES_PER_SECOND = 10_000;
const RESYNC_RETRY_MS = 2_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

type Stock = { available: number; saleStartsAt: number; saleEndsAt: number };
type Sent = { available: number; status: StockEvent["status"] };
/** Receives each frame; the same Uint8Array goes to every subscriber and must not be modified. */
export type FrameSubscriber = (frame: Uint8Array) => void;
/** Told of every notification as it arrives (productId), and of every (re)listen (null). */
export type ChangeWatcher = (productId: string | null) => void;
/** `snapshot`: one frame with the current stock of every product and the state of every waiting room. */
export type StockSubscription = { snapshot: Uint8Array; unsubscribe: () => void };

class StockHub {
  private readonly stock = new Map<string, Stock>();
  private readonly sent = new Map<string, Sent>();
  private readonly queues = new Map<string, QueueEvent>();
  /** Products and waiting rooms changed since the last tick. */
  private readonly changed = new Set<string>();
  private readonly changedQueues = new Set<string>();
  private readonly subscribers = new Set<FrameSubscriber>();
  private readonly watchers = new Set<ChangeWatcher>();
  private tickTimer: NodeJS.Timeout | undefined;
  private lastTickAt = 0;
  /** The fan-out in progress, if any; a new one never starts before it ends (frames stay in order). */
  private fanningOut: object | undefined;
  private snapshotCache: Uint8Array | undefined;
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
    return this.subscribers.size;
  }

  /** Adds a subscriber once the hub listens; it gets every tick's frame from then on. */
  async subscribe(subscriber: FrameSubscriber): Promise<StockSubscription> {
    await this.start();
    this.subscribers.add(subscriber);
    return { snapshot: this.snapshot(), unsubscribe: () => void this.subscribers.delete(subscriber) };
  }

  /** The current stock of every product and state of every waiting room, encoded once per change:
   *  what a new subscriber starts with and what a subscriber that fell behind skips to. */
  snapshot(): Uint8Array {
    if (this.snapshotCache) return this.snapshotCache;
    const now = new Date();
    this.snapshotCache = encodeFrame(
      [...this.stock.keys()].map((id) => this.event(id, now)!),
      this.queues.values(),
    );
    return this.snapshotCache;
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
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    this.fanningOut = undefined;
    clearTimeout(this.boundaryTimer);
    this.subscribers.clear();
    this.queues.clear();
    this.stock.clear();
    this.sent.clear();
    this.changed.clear();
    this.changedQueues.clear();
    this.snapshotCache = undefined;
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
      this.changed.add(r.id);
    }
    this.snapshotCache = undefined;
    this.scheduleTick();
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
    this.snapshotCache = undefined;
    this.changedQueues.add(event.productId);
    this.scheduleTick();
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
    this.snapshotCache = undefined;
    this.changed.add(productId);
    this.scheduleTick();
    if (!before || before.saleStartsAt !== saleStartsAt || before.saleEndsAt !== saleEndsAt) this.armBoundaryTimer();
  }

  /** The time between ticks: STREAM_TICK_MS, or longer when the subscribers would take more writes
   *  a second than MAX_WRITES_PER_SECOND. */
  get tickMs() {
    return Math.max(env().STREAM_TICK_MS, Math.ceil((this.subscribers.size * 1_000) / MAX_WRITES_PER_SECOND));
  }

  /** Runs the next tick when a tick's time has passed since the last one (and its fan-out ended). */
  private scheduleTick() {
    if (this.tickTimer || this.fanningOut) return;
    const wait = Math.max(0, this.lastTickAt + this.tickMs - Date.now());
    this.tickTimer = setTimeout(() => this.tick(), wait);
    this.tickTimer.unref();
  }

  /** Encodes what changed since the last tick into one frame and fans it out. */
  private tick() {
    this.tickTimer = undefined;
    this.lastTickAt = Date.now();
    const now = new Date();
    const stock: StockEvent[] = [];
    for (const productId of this.changed) {
      const event = this.event(productId, now);
      const last = this.sent.get(productId);
      if (!event || (last && last.available === event.available && last.status === event.status)) continue;
      this.sent.set(productId, { available: event.available, status: event.status });
      stock.push(event);
    }
    this.changed.clear();
    const queues = [...this.changedQueues].map((id) => this.queues.get(id)!);
    this.changedQueues.clear();
    if (stock.length > 0 || queues.length > 0) this.fanOut(encodeFrame(stock, queues));
  }

  /** Hands `frame` to every current subscriber, FAN_OUT_SLICE at a time with a yield between. */
  private fanOut(frame: Uint8Array) {
    const run = {};
    this.fanningOut = run;
    const targets = [...this.subscribers];
    let next = 0;
    const slice = () => {
      if (this.fanningOut !== run) return;
      for (const end = Math.min(next + FAN_OUT_SLICE, targets.length); next < end; next++) {
        try {
          targets[next]!(frame);
        } catch (error) {
          logger().error({ event: "stock_subscriber_failed", err: error }, "a stock subscriber failed");
        }
      }
      if (next < targets.length) return void setImmediate(slice);
      this.fanningOut = undefined;
      if (this.changed.size > 0 || this.changedQueues.size > 0) this.scheduleTick();
    };
    slice();
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
        for (const id of this.stock.keys()) this.changed.add(id);
        this.snapshotCache = undefined;
        this.scheduleTick();
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
