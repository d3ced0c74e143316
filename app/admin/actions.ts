"use server";
// Server actions of the admin dashboard: each reads its form, then runs the same lib/ command as
// the admin API, for admins only (runAdminAction).
import { runAdminAction } from "@/app/_lib/guards";
import type { ActionResult } from "@/app/_lib/action";
import { createProduct } from "@/lib/products/create-product";
import { restockProduct } from "@/lib/products/restock-product";
import type { Product } from "@/lib/products/schemas";
import { setSaleState } from "@/lib/products/set-sale-state";
import { updateProduct } from "@/lib/products/update-product";

type Result = ActionResult<Product> | null;

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};
/** A number field: absent or blank is undefined (the schema names what is missing). */
const number = (form: FormData, name: string) => {
  const value = text(form, name)?.trim();
  return value ? Number(value) : undefined;
};
/** A price typed in currency units ("12.50") as integer cents. */
const cents = (form: FormData, name: string) => {
  const value = number(form, name);
  return value === undefined ? undefined : Math.round(value * 100);
};

/** New product: the same command as POST /api/admin/products. */
export async function createProductAction(_previous: Result, form: FormData): Promise<ActionResult<Product>> {
  return runAdminAction((admin) =>
    createProduct(
      {
        name: text(form, "name") ?? "",
        description: text(form, "description") ?? "",
        priceCents: cents(form, "price") as number,
        initialStock: number(form, "initialStock") ?? 0,
        maxPerCustomer: number(form, "maxPerCustomer") ?? 1,
        saleStartsAt: text(form, "saleStartsAt") ?? "",
        saleEndsAt: text(form, "saleEndsAt") ?? "",
      },
      admin,
    ),
  );
}

/** Restock +n: the same command as POST /api/admin/products/:id/restock. */
export async function restockProductAction(_previous: Result, form: FormData): Promise<ActionResult<Product>> {
  return runAdminAction((admin) => restockProduct(text(form, "productId") ?? "", { quantity: number(form, "quantity") as number }, admin));
}

/** Open now / close now: the same command as POST /api/admin/products/:id/sale. */
export async function setSaleStateAction(_previous: Result, form: FormData): Promise<ActionResult<Product>> {
  const action = text(form, "action") as "open" | "close";
  return runAdminAction((admin) => setSaleState(text(form, "productId") ?? "", { action }, admin));
}

/** Edit name, description, price, limit and window: the same command as PATCH /api/admin/products/:id. */
export async function updateProductAction(_previous: Result, form: FormData): Promise<ActionResult<Product>> {
  return runAdminAction((admin) =>
    updateProduct(
      text(form, "productId") ?? "",
      {
        name: text(form, "name"),
        description: text(form, "description"),
        priceCents: cents(form, "price"),
        maxPerCustomer: number(form, "maxPerCustomer"),
        saleStartsAt: text(form, "saleStartsAt"),
        saleEndsAt: text(form, "saleEndsAt"),
      },
      admin,
    ),
  );
}
