"use client";
// An instant in the viewer's time zone. The server does not know that zone, so the server render
// and hydration print UTC, and the local time replaces it right after.
import { useSyncExternalStore } from "react";
import { formatLocal, formatUtc } from "@/lib/format";

const noop = () => () => {};

export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const text = useSyncExternalStore(
    noop,
    () => formatLocal(iso),
    () => formatUtc(iso),
  );
  return (
    <time dateTime={iso} className={className} suppressHydrationWarning>
      {text}
    </time>
  );
}
