"use server";
// Server actions of the admin dashboard: each reads its form with the form's strict schema (an
// unknown field is refused), then runs the same lib/ command as the admin API, for admins only
// (runAdminAction).
import { runAdminAction } from "@/app/_lib/guards";
import type { ActionResult } from "@/app/_lib/action";
import { createProduct } from "@/lib/products/create-product";
import { restockProduct } from "@/lib/products/restock-product";
import {
  createProductFormSchema,
  restockFormSchema,
  saleStateFormSchema,
  updateProductFormSchema,
  type Product,
} from "@/lib/products/schemas";
import { setSaleState } from "@/lib/products/set-sale-state";
import { queueActionFormSchema } from "@/lib/queue/schemas";
import { setQueueState } from "@/lib/queue/set-queue-state";
import { updateProduct } from "@/lib/products/update-product";
import { parseForm } from "@/lib/validation";

type Result = ActionResult<Product> | null;

/** New product: the same command as POST /api/admin/products. */
export async function createProductAction(_previous: Result, form: FormData): Promise<ActionResult<Product>> {
  return runAdminAction((admin) => createProduct(parseForm(createProductFormSchema, form), admin));
}

/** Restock +n: the same command as POST /api/admin/products/:id/restock. */
export async function restockProductAction(_previous: Result, form: FormData): Promise<ActionResult<Product>> {
  return runAdminAction((admin) => {
    const { productId, input } = parseForm(restockFormSchema, form);
    return restockProduct(productId, input, admin);
  });
}

/** Open now / close now: the same command as POST /api/admin/products/:id/sale. */
export async function setSaleStateAction(_previous: Result, form: FormData): Promise<ActionResult<Product>> {
  return runAdminAction((admin) => {
    const { productId, input } = parseForm(saleStateFormSchema, form);
    return setSaleState(productId, input, admin);
  });
}

/** Edit name, description, price, limit and window: the same command as PATCH /api/admin/products/:id. */
export async function updateProductAction(_previous: Result, form: FormData): Promise<ActionResult<Product>> {
  return runAdminAction((admin) => {
    const { productId, input } = parseForm(updateProductFormSchema, form);
    return updateProduct(productId, input, admin);
  });
}

/** Pause / resume the waiting room: the same command as POST /api/admin/products/:id/queue. */
export async function setQueueStateAction(_previous: Result, form: FormData): Promise<ActionResult<Product>> {
  return runAdminAction((admin) => {
    const { productId, input } = parseForm(queueActionFormSchema, form);
    return setQueueState(productId, input, admin);
  });
}
