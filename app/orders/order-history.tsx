"use client";
// The order list, refreshed every 15 seconds: status badges, and a way back to checkout for
// holds that are still live.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { OrderStatusBadge } from "@/app/_components/ui/badge";
import { ButtonLink } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { formatMoney } from "@/lib/format";
import type { Order } from "@/lib/orders/schemas";

async function fetchOrders(): Promise<Order[]> {
  const response = await fetch("/api/orders", { cache: "no-store" });
  if (!response.ok) throw new Error(`orders: ${response.status}`);
  // The route's own JSON: { orders } as GET /api/orders answers it.
  return ((await response.json()) as { orders: Order[] }).orders;
}

export function OrderHistory({ initialOrders }: { initialOrders: Order[] }) {
  const { data: orders = initialOrders, isError } = useQuery({
    queryKey: ["my-orders"],
    queryFn: fetchOrders,
    initialData: initialOrders,
    refetchInterval: 15_000,
  });
  if (orders.length === 0) {
    return (
      <Card className="mt-6 p-8 text-center">
        <p className="font-medium text-zinc-900">No orders yet</p>
        <p className="mt-1 text-sm text-zinc-600">When you hold or buy something, it shows up here.</p>
        <ButtonLink href="/" className="mt-5">
          Browse the sale
        </ButtonLink>
      </Card>
    );
  }
  return (
    <>
      {isError ? (
        <p className="mt-4 text-sm text-amber-800">Could not refresh just now; showing the last known state.</p>
      ) : null}
      <ul className="mt-6 space-y-3" data-testid="order-list">
        {orders.map((order) => (
          <li key={order.id}>
            <Card className="flex flex-wrap items-center justify-between gap-4 p-4">
              <div className="min-w-0">
                <p className="truncate font-semibold text-zinc-950">
                  {order.quantity} × {order.productName}
                </p>
                <p className="text-sm text-zinc-600">
                  {formatMoney(order.totalCents, order.currency)} · {new Date(order.createdAt).toLocaleString()}
                </p>
              </div>
              <div className="flex items-center gap-3">
                <OrderStatusBadge status={order.status} />
                {order.status === "pending" ? (
                  <ButtonLink href={`/checkout/${order.id}`} variant="primary">
                    Go to checkout
                  </ButtonLink>
                ) : (
                  <Link
                    href={`/checkout/${order.id}`}
                    className="text-sm font-medium text-blue-700 underline underline-offset-2"
                  >
                    Details
                  </Link>
                )}
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
