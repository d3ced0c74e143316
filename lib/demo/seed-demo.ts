// The demo data: an admin account, and, on an empty database, four products that show every
// state of a sale. Idempotent: run it at every start.
import { count, sql } from "drizzle-orm";
import { products, users } from "@/db/schema";
import type { Actor } from "../actor";
import { db } from "../db";
import { adminCredentials } from "../env";
import { createProduct } from "../products/create-product";
import { hashPassword } from "../users/password";

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

/** Creates the configured admin, or makes sure the account has the admin role. */
export async function ensureAdmin(): Promise<Extract<Actor, { kind: "user" }> | null> {
  const credentials = adminCredentials();
  if (!credentials) return null;
  const [admin] = await db()
    .insert(users)
    .values({ email: credentials.email, passwordHash: await hashPassword(credentials.password), role: "admin" })
    .onConflictDoUpdate({ target: users.email, set: { role: sql`'admin'` } })
    .returning();
  return { kind: "user", userId: admin!.id, email: admin!.email, role: "admin" };
}

export async function seedDemo(): Promise<{ admin: string | null; productsCreated: number }> {
  const admin = await ensureAdmin();
  const [{ n } = { n: 0 }] = await db().select({ n: count() }).from(products);
  if (n > 0 || !admin) return { admin: admin?.email ?? null, productsCreated: 0 };

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
  return { admin: admin.email, productsCreated: demo.length };
}
