// The demo data: on an empty database, five products that show every state of a sale (one of them a
// queued drop whose waiting room is open, its pre-queue drawn when the sale starts), created by the
// given admin. Idempotent: run it at every start where SEED_DEMO is on.
import { count } from "drizzle-orm";
import { products } from "@/db/schema";
import { db } from "../db";
import { createProduct } from "../products/create-product";
import type { AdminActor } from "../users/authorize";

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

export async function seedDemo(admin: AdminActor): Promise<{ productsCreated: number }> {
  const [{ n } = { n: 0 }] = await db().select({ n: count() }).from(products);
  if (n > 0) return { productsCreated: 0 };

  const demo = [
    {
      name: "Aurora Wireless Headphones",
      description: "Noise-cancelling over-ear headphones with 40 hours of battery. Flash price for today only.",
      priceCents: 8_900,
      initialStock: 500,
      maxPerCustomer: 2,
      saleStartsAt: minutes(-30).toISOString(),
      saleEndsAt: minutes(7 * 24 * 60).toISOString(),
    },
    {
      name: "Limited Edition Sneakers",
      description: "Numbered run of a collaboration colourway. Three pairs left in the drop.",
      priceCents: 24_000,
      initialStock: 3,
      maxPerCustomer: 1,
      saleStartsAt: minutes(-10).toISOString(),
      saleEndsAt: minutes(3 * 24 * 60).toISOString(),
    },
    {
      name: "Mechanical Keyboard, Hot-Swap",
      description: "75% layout, gasket mount, tactile switches. The drop opens in a few minutes.",
      priceCents: 12_900,
      initialStock: 50,
      maxPerCustomer: 1,
      saleStartsAt: minutes(5).toISOString(),
      saleEndsAt: minutes(5 + 2 * 24 * 60).toISOString(),
    },
    {
      name: "Collector's Edition Watch",
      description:
        "A queued drop: join the waiting room before the sale starts, and a fair draw at the start decides " +
        "the order. Check the draw yourself on your waiting page.",
      priceCents: 39_900,
      initialStock: 25,
      maxPerCustomer: 1,
      saleStartsAt: minutes(15).toISOString(),
      saleEndsAt: minutes(15 + 24 * 60).toISOString(),
      admission: "queue" as const,
      queueOpensAt: minutes(-5).toISOString(),
      admitPerMinute: 10,
      admissionTtlSeconds: 180,
    },
    {
      name: "Vintage Film Camera",
      description: "Refurbished 35 mm rangefinder. Yesterday's sale, kept for the record.",
      priceCents: 15_500,
      initialStock: 20,
      maxPerCustomer: 1,
      saleStartsAt: minutes(-2 * 24 * 60).toISOString(),
      saleEndsAt: minutes(-24 * 60).toISOString(),
    },
  ];
  for (const product of demo) await createProduct(product, admin);
  return { productsCreated: demo.length };
}
