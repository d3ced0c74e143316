// How much of a sale is gone: sold units, units held in checkouts, and what is left.
import { formatCount, percentOf } from "@/lib/format";
import { cn } from "./cn";

type Props = { available: number; held: number; sold: number; totalStock: number; className?: string };

export function StockBar({ available, held, sold, totalStock, className }: Props) {
  const soldPct = percentOf(sold, totalStock);
  const claimedPct = percentOf(sold + held, totalStock);
  const heldPct = Math.max(0, claimedPct - soldPct);
  const left = `${formatCount(available)} of ${formatCount(totalStock)} left`;
  return (
    <div className={cn("space-y-1.5", className)}>
      {/* biome-ignore lint/a11y/useSemanticElements: <meter> cannot be styled alike in every browser. */}
      <div
        role="meter"
        aria-label="Stock left"
        aria-valuemin={0}
        aria-valuemax={totalStock}
        aria-valuenow={available}
        aria-valuetext={`${left}, ${soldPct}% sold`}
        className="flex h-2 w-full overflow-hidden rounded-full bg-zinc-200"
      >
        <div className="h-full bg-zinc-900 transition-[width] duration-500" style={{ width: `${soldPct}%` }} />
        <div className="h-full bg-amber-400 transition-[width] duration-500" style={{ width: `${heldPct}%` }} />
      </div>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-xs text-zinc-600">
        <span data-testid="stock-left" className="font-medium text-zinc-900 tabular-nums">
          {left}
        </span>
        <span className="tabular-nums">
          {soldPct}% sold
          {held > 0 ? <span className="text-amber-700"> · {formatCount(held)} in checkout</span> : null}
        </span>
      </div>
    </div>
  );
}
