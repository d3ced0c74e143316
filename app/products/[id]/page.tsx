// A product's page: its live figures and the Buy form.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { currentActor } from "@/app/_lib/session";
import { DomainError } from "@/lib/errors";
import { getProduct } from "@/lib/products/queries";
import { LiveProduct } from "./live-product";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** The product, or null for an unknown or malformed id. */
const loadProduct = cache(async (id: string) => {
  try {
    return await getProduct(id);
  } catch (error) {
    if (error instanceof DomainError && (error.code === "not_found" || error.code === "invalid_request")) return null;
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await loadProduct((await params).id);
  return product ? { title: product.name, description: product.description } : { title: "Product not found" };
}

export default async function ProductPage({ params }: Props) {
  const product = await loadProduct((await params).id);
  if (!product) notFound();
  const actor = await currentActor();
  return (
    <LiveProduct
      initial={product}
      serverTime={new Date().toISOString()}
      accountEmail={actor.kind === "user" ? actor.email : null}
    />
  );
}
