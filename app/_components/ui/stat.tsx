// Prices and labelled figures.
import { formatMoney } from "@/lib/format";
import { cn } from "./cn";

export function Price({ cents, currency, className }: { cents: number; currency: string; className?: string }) {
  return (
    <span className={cn("font-semibold tabular-nums tracking-tight", className)}>{formatMoney(cents, currency)}</span>
  );
}

/** A label over a value, as in a receipt or a figure strip. */
export function Stat({ label, children, className }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={cn("min-w-0", className)}>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-1 text-base font-semibold tabular-nums text-zinc-900">{children}</dd>
    </div>
  );
}
