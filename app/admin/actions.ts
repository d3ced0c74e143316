"use server";
// Server actions of the admin dashboard: each reads its form with the form's strict schema (an
// unknown field is refused), then runs the same lib/ command as the admin API, for admins only
// (validatedAdminAction).
import { validatedAdminAction } from "@/app/_lib/guards";
import { createProduct } from "@/lib/products/create-product";
import { restockProduct } from "@/lib/products/restock-product";
import {
  createProductFormSchema,
  restockFormSchema,
  saleStateFormSchema,
  updateProductFormSchema,
} from "@/lib/products/schemas";
import { setSaleState } from "@/lib/products/set-sale-state";
import { queueActionFormSchema } from "@/lib/queue/schemas";
import { setQueueState } from "@/lib/queue/set-queue-state";
import { updateProduct } from "@/lib/products/update-product";

/** New product: the same command as POST /api/admin/products. */
export const createProductAction = validatedAdminAction(createProductFormSchema, (input, admin) =>
  createProduct(input, admin),
);

/** Restock +n: the same command as POST /api/admin/products/:id/restock. */
export const restockProductAction = validatedAdminAction(restockFormSchema, ({ productId, input }, admin) =>
  restockProduct(productId, input, admin),
);

/** Open now / close now: the same command as POST /api/admin/products/:id/sale. */
export const setSaleStateAction = validatedAdminAction(saleStateFormSchema, ({ productId, input }, admin) =>
  setSaleState(productId, input, admin),
);

/** Edit name, description, price, limit and window: the same command as PATCH /api/admin/products/:id. */
export const updateProductAction = validatedAdminAction(updateProductFormSchema, ({ productId, input }, admin) =>
  updateProduct(productId, input, admin),
);

/** Pause / resume the waiting room: the same command as POST /api/admin/products/:id/queue. */
export const setQueueStateAction = validatedAdminAction(queueActionFormSchema, ({ productId, input }, admin) =>
  setQueueState(productId, input, admin),
);
