"use client";
// A countdown on the server's clock. The digits change every second without being announced;
// callers announce the moment it reaches zero where that matters.
import { useEffect, useRef } from "react";
import { describeCountdown, formatCountdown } from "@/lib/format";
import { secondsUntil } from "@/lib/time";
import { useServerClock } from "../server-clock";
import { cn } from "./cn";

type Props = {
  /** The moment counted down to (ISO). */
  target: string;
  /** The serverTime the page was rendered with. */
  renderedAt: string;
  label: string;
  onElapsed?: () => void;
  className?: string;
};

export function Countdown({ target, renderedAt, label, onElapsed, className }: Props) {
  const seconds = useServerClock((now) => secondsUntil(target, now), renderedAt);
  const elapsed = useRef(false);
  useEffect(() => {
    if (seconds > 0) {
      elapsed.current = false;
    } else if (!elapsed.current) {
      elapsed.current = true;
      onElapsed?.();
    }
  }, [seconds, onElapsed]);
  return (
    <span
      role="timer"
      aria-label={`${label}: ${describeCountdown(seconds)}`}
      className={cn("font-mono tabular-nums", className)}
    >
      <time dateTime={`PT${seconds}S`}>{formatCountdown(seconds)}</time>
    </span>
  );
}
