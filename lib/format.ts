// Display formatting shared by server and client components. Client-safe and locale-stable
// (en-US), so a server render and its hydration print the same text.

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Integer cents as a price: formatMoney(8900, "USD") → "$89.00". */
export function formatMoney(cents: number, currency = "USD"): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency });
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}

/** A whole number with thousands separators: 12000 → "12,000". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "1 unit", "3 units". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** Share of a whole as a whole percentage, 0-100; an empty whole is 0 %. Rounds down so that
 *  "100 %" means all of it. */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((part / whole) * 100)));
}

/** Seconds left as a countdown: "0:09", "4:05", "2:03:04", "3d 02:03:04". Negative is "0:00". */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  const seconds = s % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (days > 0) return `${days}d ${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(seconds)}`;
  return `${minutes}:${pad(seconds)}`;
}

/** Seconds left in words, for screen readers and titles: "3 days 2 hours", "4 minutes 5 seconds". */
export function describeCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), "day"],
    [Math.floor((s % 86_400) / 3_600), "hour"],
    [Math.floor((s % 3_600) / 60), "minute"],
    [s % 60, "second"],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return "0 seconds";
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => plural(n, unit))
    .join(" ");
}

/** An instant in UTC, for server-rendered text that must not depend on the server's time zone:
 *  "Nov 22, 14:05 UTC". */
export function formatUtc(iso: string): string {
  return `${new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }).format(new Date(iso))} UTC`;
}

/** An instant in the viewer's own time zone: "Sat, Nov 22, 14:05". */
export function formatLocal(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-US", {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(new Date(iso));
}
