"use client";
// The browser's view of the server's clock. Countdowns and live statuses read it through
// useServerClock(select); it ticks four times a second, and a component re-renders only when its
// selected value changes (a countdown once a second, a status when it flips).
import { useEffect, useSyncExternalStore } from "react";
import { clockOffsetMs } from "@/lib/time";

let offsetMs = 0;
let measured = false; // true once an API round-trip has measured the offset
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function tick() {
  now = Date.now() + offsetMs;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  now = Date.now() + offsetMs;
  if (!timer) timer = setInterval(tick, 250);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Adopts a server timestamp measured around an API request (client ms before and after it). */
export function syncServerClock(serverTime: string, sentAt: number, receivedAt: number) {
  offsetMs = clockOffsetMs(serverTime, sentAt, receivedAt);
  measured = true;
  tick();
}

/** Adopts the serverTime a page was rendered with, unless an API round-trip measured better. */
export function useServerTimeOfPage(serverTime: string) {
  useEffect(() => {
    if (measured) return;
    offsetMs = clockOffsetMs(serverTime, Date.now());
    tick();
  }, [serverTime]);
}

/** Selects a value from the server's current time (ms). During the server render and hydration it
 *  is computed from `renderedAt`, the page's serverTime, so both print the same text. */
export function useServerClock<T>(select: (nowMs: number) => T, renderedAt: string): T {
  return useSyncExternalStore(
    subscribe,
    () => select(now),
    () => select(Date.parse(renderedAt)),
  );
}

/** Fetches JSON that carries a `serverTime`, and syncs the clock from it. */
export async function fetchWithServerTime<T extends { serverTime: string }>(url: string): Promise<T> {
  const sentAt = Date.now();
  const response = await fetch(url, { cache: "no-store", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  // The route's own JSON; the caller names its shape.
  const body = (await response.json()) as T;
  syncServerClock(body.serverTime, sentAt, Date.now());
  return body;
}
