// /orders: a signed-in customer's own orders, kept fresh.
import type { Metadata } from "next";
import { requireUser } from "@/app/_lib/guards";
import { listOrdersForUser } from "@/lib/orders/queries";
import { OrderHistory } from "./order-history";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My orders" };

export default async function OrdersPage() {
  const user = await requireUser("/orders");
  const orders = await listOrdersForUser(user.userId);
  return (
    <section>
      <h1 className="text-2xl font-bold tracking-tight text-zinc-950">My orders</h1>
      <p className="mt-1 text-sm text-zinc-600">Orders and holds of {user.email}, newest first.</p>
      <OrderHistory initialOrders={orders} />
    </section>
  );
}
