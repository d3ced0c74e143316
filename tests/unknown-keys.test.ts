// Unknown keys are refused with 400 invalid_request naming them, never silently dropped: the two
// reported cases (a product created with `stock` instead of `initialStock` got 0 units, a hold with
// `quantty: 2` held 1), the server actions' forms, and query strings.
import { describe, expect, it } from "vitest";
import * as adminEvents from "@/app/api/admin/events/route";
import * as adminProducts from "@/app/api/admin/products/route";
import * as holds from "@/app/api/holds/route";
import * as register from "@/app/api/register/route";
import * as products from "@/app/api/products/route";
import { GUEST } from "@/lib/actor";
import { confirmOrder } from "@/lib/orders/confirm-order";
import { placeHoldOnce } from "@/lib/orders/idempotent-commands";
import { getOrder } from "@/lib/orders/queries";
import { orderFormSchema, placeHoldFormSchema } from "@/lib/orders/schemas";
import { createProduct } from "@/lib/products/create-product";
import { createProductFormSchema } from "@/lib/products/schemas";
import { parseForm } from "@/lib/validation";
import {
  adminActor,
  createLiveProduct,
  guestEmail,
  minutesFromNow,
  orderStatusCounts,
  productRow,
  tableCounts,
} from "./helpers/fixtures";
import { adminCookie } from "./helpers/sessions";
import { apiRequest, call } from "./helpers/routes";

const postJson = (path: string, body: unknown, cookie?: string) => apiRequest(path, { body, cookie });

async function expectUnknown(response: Response, key: string, kind = "field") {
  expect(response.status).toBe(400);
  const { error } = await response.json();
  expect(error.code).toBe("invalid_request");
  expect(error.message).toBe(`Invalid request. Unknown ${kind} "${key}".`);
  expect(error.issues[0]).toEqual({ path: key, message: `Unknown ${kind}` });
}

describe("unknown keys in JSON bodies", () => {
  it("refuses a product created with `stock: 7` instead of initialStock, and creates nothing", async () => {
    const cookie = await adminCookie();
    const body = {
      name: "Seven lamps",
      priceCents: 1_000,
      saleStartsAt: minutesFromNow(-1),
      saleEndsAt: minutesFromNow(60),
    };
    const before = await tableCounts();
    await expectUnknown(
      await call(adminProducts.POST, postJson("/admin/products", { ...body, stock: 7 }, cookie)),
      "stock",
    );
    expect(await tableCounts()).toEqual(before);

    const created = await call(adminProducts.POST, postJson("/admin/products", { ...body, initialStock: 7 }, cookie));
    expect(created.status).toBe(201);
    expect((await created.json()).product).toMatchObject({ totalStock: 7, available: 7 });
  });

  it("refuses a hold with `quantty: 2`, beside quantity or instead of it, and holds nothing", async () => {
    const product = await createLiveProduct({ stock: 5, maxPerCustomer: 5 });
    const email = guestEmail("quantty");
    await expectUnknown(
      await call(holds.POST, postJson("/holds", { productId: product.id, quantity: 1, quantty: 2, email })),
      "quantty",
    );
    const misspelt = await call(holds.POST, postJson("/holds", { productId: product.id, quantty: 2, email }));
    await expectUnknown(misspelt, "quantty");
    expect(await productRow(product.id)).toMatchObject({ available: 5, total_stock: 5 });
    expect(await orderStatusCounts(product.id)).toEqual({});

    const held = await call(holds.POST, postJson("/holds", { productId: product.id, quantity: 2, email }));
    expect(held.status).toBe(201);
    expect((await held.json()).order.quantity).toBe(2);
  });

  it("takes `altcha` only on holds and joins: a misspelt one, or one on another operation, is refused", async () => {
    const product = await createLiveProduct({ stock: 5, maxPerCustomer: 5 });
    const email = guestEmail("altha");
    await expectUnknown(
      await call(holds.POST, postJson("/holds", { productId: product.id, quantity: 1, email, altha: "x" })),
      "altha",
    );
    await expectUnknown(
      await call(
        register.POST,
        apiRequest("/register", {
          body: { email, password: "correct horse battery", altcha: "x" },
          headers: { "x-forwarded-for": "192.0.2.78" },
        }),
      ),
      "altcha",
    );
    // Where the product asks for no proof of work, a solution is not silently ignored either.
    const off = await call(holds.POST, postJson("/holds", { productId: product.id, quantity: 1, email, altcha: "x" }));
    expect(off.status).toBe(400);
    expect((await off.json()).error.issues).toEqual([
      { path: "altcha", message: "this product asks for no proof of work" },
    ]);
    expect(await orderStatusCounts(product.id)).toEqual({});
  });
});

// Each test reads the form exactly as its server action does (parseForm with the form's schema),
// then runs the same command.
describe("unknown fields in server-action forms", () => {
  const formOf = (fields: Record<string, string>) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    return form;
  };
  // What React and Next.js put into an action's FormData next to the form's own fields.
  const frameworkKeys = { $ACTION_ID_40c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9: "", $ACTION_KEY: "k1234" };

  it("refuses the admin's new-product form with an unknown field, and creates nothing", async () => {
    const admin = await adminActor();
    const fields = {
      name: "Form lamp",
      price: "12.50",
      saleStartsAt: minutesFromNow(-1),
      saleEndsAt: minutesFromNow(60),
      ...frameworkKeys,
    };
    const createProductAction = async (form: FormData) =>
      createProduct(parseForm(createProductFormSchema, form), admin);
    const before = await tableCounts();
    await expect(createProductAction(formOf({ ...fields, stock: "7" }))).rejects.toMatchObject({
      code: "invalid_request",
      message: 'Invalid request. Unknown field "stock".',
      issues: [{ path: "stock", message: "Unknown field" }],
    });
    expect(await tableCounts()).toEqual(before);

    // The framework's own keys are no reason to refuse: the same form with its real field name works.
    const created = await createProductAction(formOf({ ...fields, initialStock: "7" }));
    expect(created).toMatchObject({ name: "Form lamp", priceCents: 1_250, totalStock: 7 });
  });

  it("refuses the Buy form with a misspelt field, and holds nothing", async () => {
    const product = await createLiveProduct({ stock: 3, maxPerCustomer: 3 });
    const placeHoldAction = async (form: FormData) => {
      const { input, idempotencyKey } = parseForm(placeHoldFormSchema, form);
      return placeHoldOnce(input, GUEST, idempotencyKey, { clientIp: "192.0.2.77" });
    };
    const fields = {
      productId: product.id,
      email: guestEmail("buy-form"),
      idempotencyKey: crypto.randomUUID(),
      ...frameworkKeys,
    };
    await expect(placeHoldAction(formOf({ ...fields, quantty: "2" }))).rejects.toMatchObject({
      code: "invalid_request",
      message: 'Invalid request. Unknown field "quantty".',
    });
    expect(await productRow(product.id)).toMatchObject({ available: 3 });
    expect(await orderStatusCounts(product.id)).toEqual({});

    const held = await placeHoldAction(formOf({ ...fields, quantity: "2" }));
    expect((held.body as { order: { quantity: number } }).order.quantity).toBe(2);
  });

  it("refuses the checkout form with anything but the order's id, and leaves the order pending", async () => {
    const product = await createLiveProduct({ stock: 1 });
    const held = await placeHoldOnce(
      { productId: product.id, quantity: 1, email: guestEmail("checkout-form") },
      GUEST,
      null,
    );
    const orderId = (held.body as { order: { id: string } }).order.id;
    const confirmOrderAction = async (form: FormData) => confirmOrder(parseForm(orderFormSchema, form), GUEST);
    await expect(confirmOrderAction(formOf({ orderId, paid: "true", ...frameworkKeys }))).rejects.toMatchObject({
      code: "invalid_request",
      message: 'Invalid request. Unknown field "paid".',
    });
    expect((await getOrder(orderId, GUEST)).status).toBe("pending");
    expect((await confirmOrderAction(formOf({ orderId, ...frameworkKeys }))).status).toBe("confirmed");
  });
});

describe("unknown query parameters", () => {
  it("refuses any query parameter on a route that takes none", async () => {
    await expectUnknown(
      await call(products.GET, new Request("http://localhost/api/products?limit=5")),
      "limit",
      "query parameter",
    );
    expect((await call(products.GET, new Request("http://localhost/api/products"))).status).toBe(200);
  });

  it("refuses a misspelt parameter on the ledger, which takes productId, type, limit and before", async () => {
    const cookie = await adminCookie();
    const events = (query: string) =>
      call(adminEvents.GET, new Request(`http://localhost/api/admin/events?${query}`, { headers: { cookie } }));
    await expectUnknown(await events("limt=5"), "limt", "query parameter");
    const listed = await events("limit=5&type=stock_added");
    expect(listed.status).toBe(200);
    expect((await listed.json()).events.length).toBeLessThanOrEqual(5);
  });
});
