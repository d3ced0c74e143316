// Small status pills, and the one that names a product's sale status.
import type { ProductStatus } from "@/lib/products/schemas";
import type { OrderStatus } from "@/lib/orders/schemas";
import { cn } from "./cn";

type Tone = "green" | "blue" | "red" | "amber" | "neutral";

const tones: Record<Tone, string> = {
  green: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  blue: "bg-sky-50 text-sky-800 ring-sky-600/20",
  red: "bg-rose-50 text-rose-800 ring-rose-600/20",
  amber: "bg-amber-50 text-amber-900 ring-amber-600/25",
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-500/20",
};

export function Badge({
  tone = "neutral",
  className,
  children,
}: {
  tone?: Tone;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset",
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

const productStatuses: Record<ProductStatus, { label: string; tone: Tone }> = {
  scheduled: { label: "Coming soon", tone: "blue" },
  live: { label: "Live", tone: "green" },
  sold_out: { label: "Sold out", tone: "red" },
  ended: { label: "Ended", tone: "neutral" },
};

export const productStatusLabel = (status: ProductStatus) => productStatuses[status].label;

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const { label, tone } = productStatuses[status];
  return (
    <Badge tone={tone}>
      {status === "live" ? (
        <span className="relative flex size-2" aria-hidden="true">
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60 motion-reduce:animate-none" />
          <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
        </span>
      ) : null}
      {label}
    </Badge>
  );
}

const orderStatuses: Record<OrderStatus, { label: string; tone: Tone }> = {
  pending: { label: "Held for you", tone: "amber" },
  confirmed: { label: "Confirmed", tone: "green" },
  expired: { label: "Expired", tone: "neutral" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { label, tone } = orderStatuses[status];
  return <Badge tone={tone}>{label}</Badge>;
}
