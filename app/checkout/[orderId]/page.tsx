// The checkout of one hold: confirm or cancel it before it expires, and its receipt afterwards.
// The order is read from the server on every visit, so a reload shows its current state.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { currentActor } from "@/app/_lib/session";
import { DomainError } from "@/lib/errors";
import { getOrder } from "@/lib/orders/queries";
import { getProduct } from "@/lib/products/queries";
import { Checkout } from "./checkout";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Checkout", robots: { index: false } };

export default async function CheckoutPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const order = await getOrder(orderId, await currentActor()).catch((error: unknown) => {
    if (error instanceof DomainError && (error.code === "not_found" || error.code === "invalid_request")) return null;
    throw error;
  });
  if (!order) notFound();
  const product = await getProduct(order.productId);
  return <Checkout order={order} product={product} serverTime={new Date().toISOString()} />;
}
