// A waiting-room ticket's page: the shopper's place, the estimated wait and the queue's progress, live;
// the Buy form with its own countdown once admitted; after the start, the draw's verification.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { currentActor } from "@/app/_lib/session";
import { DomainError } from "@/lib/errors";
import { getProduct } from "@/lib/products/queries";
import { getTicket, ticketShopper } from "@/lib/queue/queries";
import { WaitingRoom } from "./waiting-room";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Waiting room", robots: { index: false } };

export default async function QueuePage({ params }: { params: Promise<{ ticketId: string }> }) {
  const { ticketId } = await params;
  const actor = await currentActor();
  const ticket = await getTicket(ticketId, actor).catch((error: unknown) => {
    if (error instanceof DomainError && (error.code === "not_found" || error.code === "invalid_request")) return null;
    throw error;
  });
  if (!ticket) notFound();
  const product = await getProduct(ticket.productId);
  return (
    <WaitingRoom
      initialTicket={ticket}
      initialProduct={product}
      serverTime={new Date().toISOString()}
      email={actor.kind === "user" ? actor.email : ((await ticketShopper(ticket.id)) ?? null)}
    />
  );
}
