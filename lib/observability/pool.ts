// Watches the app's postgres.js pool. postgres.js exposes nothing about its connections (its
// queues are private), so the pool is wrapped: every statement it runs counts as in flight from
// the moment it is handed to the pool until it settles, and a transaction counts once for as long
// as it holds its connection. In use = in flight up to the pool size; waiting = the rest (queued
// in the pool or pipelined behind a busy connection). With tracing on, each statement is a span.
import type { Sql } from "postgres";
import { noteDatabaseError, noteDatabaseReachable } from "./database-events";
import { tracing } from "./tracing";

type Query = Promise<unknown> & {
  executed?: boolean;
  strings?: readonly string[];
  handle: (this: Query, ...args: unknown[]) => unknown;
};

const globalForPool = globalThis as unknown as { __flashSalePoolState?: { inFlight: number; max: number } };
globalForPool.__flashSalePoolState ??= { inFlight: 0, max: 0 };
const state = globalForPool.__flashSalePoolState;

export function poolUsage(): { size: number; inUse: number; waiting: number } {
  return {
    size: state.max,
    inUse: Math.min(state.inFlight, state.max),
    waiting: Math.max(0, state.inFlight - state.max),
  };
}

function started(query: Query) {
  state.inFlight += 1;
  const t = tracing();
  const span = t?.tracer.startSpan("db.query", {
    kind: t.api.SpanKind.CLIENT,
    attributes: { "db.system": "postgresql", "db.statement": (query.strings ?? []).join("$?").slice(0, 500) },
  });
  const done = (error?: unknown) => {
    state.inFlight -= 1;
    if (error) noteDatabaseError(error);
    else noteDatabaseReachable();
    if (!span) return;
    if (error) span.setStatus({ code: t!.api.SpanStatusCode.ERROR, message: String((error as Error).message) });
    span.end();
  };
  Promise.prototype.then.call(
    query,
    () => done(),
    (error: unknown) => done(error ?? "failed"),
  );
}

/** Counts the query when it runs: a query object that is only a fragment of another never runs. */
function track<T>(result: T): T {
  if (!(result instanceof Promise) || typeof (result as unknown as Query).handle !== "function") return result;
  const query = result as unknown as Query;
  const handle = query.handle;
  query.handle = function (this: Query, ...args: unknown[]) {
    if (!this.executed) started(this);
    return handle.apply(this, args);
  };
  return result;
}

/** The pool as the app uses it, counted; `max` is its size. */
export function instrumentPool<S extends Sql<Record<string, unknown>>>(client: S, max: number): S {
  state.max = max;
  const unsafe = (...args: unknown[]) => track((client.unsafe as (...a: unknown[]) => unknown)(...args));
  const begin = (...args: unknown[]) => {
    state.inFlight += 1;
    const transaction = (client.begin as (...a: unknown[]) => Promise<unknown>)(...args);
    const end = () => {
      state.inFlight -= 1;
    };
    transaction.then(end, end);
    return transaction;
  };
  return new Proxy(client, {
    apply: (target, thisArg, args) => track(Reflect.apply(target, thisArg, args)),
    get: (target, property, receiver) => {
      if (property === "unsafe") return unsafe;
      if (property === "begin") return begin;
      return Reflect.get(target, property, receiver);
    },
  });
}
