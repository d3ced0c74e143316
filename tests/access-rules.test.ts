// Who may do what, through the real route handlers with real session tokens: anonymous callers,
// customers, another customer, admins, and an admin demoted after signing in.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as adminEvents from "@/app/api/admin/events/route";
import * as adminMetrics from "@/app/api/admin/metrics/route";
import * as adminProduct from "@/app/api/admin/products/[id]/route";
import * as adminRestock from "@/app/api/admin/products/[id]/restock/route";
import * as adminSale from "@/app/api/admin/products/[id]/sale/route";
import * as adminProducts from "@/app/api/admin/products/route";
import * as adminReconcile from "@/app/api/admin/reconcile/route";
import * as holds from "@/app/api/holds/route";
import * as cancel from "@/app/api/orders/[id]/cancel/route";
import * as confirm from "@/app/api/orders/[id]/confirm/route";
import * as order from "@/app/api/orders/[id]/route";
import * as orders from "@/app/api/orders/route";
import { users } from "@/db/schema";
import { db } from "@/lib/db";
import { registerUser } from "@/lib/users/register-user";
import { hashPassword } from "@/lib/users/password";
import { adminActor, createLiveProduct, guestEmail } from "./helpers/fixtures";
import { adminCookie, sessionCookie } from "./helpers/sessions";
import { apiRequest, call } from "./helpers/routes";

type Who = "anonymous" | "customer" | "otherCustomer" | "admin" | "demotedAdmin";

const cookies = {} as Record<Who, string | null>;
const ids = {} as Record<"customer" | "otherCustomer", string>;

beforeAll(async () => {
  const customer = await registerUser(
    { email: guestEmail("customer"), password: "correct horse battery" },
    { clientIp: "10.0.0.1" },
  );
  const other = await registerUser(
    { email: guestEmail("other"), password: "correct horse battery" },
    { clientIp: "10.0.0.1" },
  );
  // An admin who signed in, then lost the role: the token still says admin.
  const [demoted] = await db()
    .insert(users)
    .values({ email: guestEmail("demoted"), passwordHash: await hashPassword("whatever it was"), role: "admin" })
    .returning();
  cookies.anonymous = null;
  cookies.customer = await sessionCookie(customer);
  cookies.otherCustomer = await sessionCookie(other);
  cookies.admin = await adminCookie();
  cookies.demotedAdmin = await sessionCookie({ id: demoted!.id, email: demoted!.email, role: "admin" });
  await db().update(users).set({ role: "customer" }).where(eq(users.id, demoted!.id));
  ids.customer = customer.id;
  ids.otherCustomer = other.id;
});

const request = (who: Who, method: string, path: string, body?: unknown) =>
  apiRequest(path, { method, body, cookie: cookies[who] });

describe("admin endpoints", () => {
  const window = {
    saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
    saleEndsAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
  const endpoints: [string, (who: Who, productId: string) => Promise<Response>][] = [
    ["GET /api/admin/products", (who) => call(adminProducts.GET, request(who, "GET", "/admin/products"))],
    [
      "POST /api/admin/products",
      (who) =>
        call(
          adminProducts.POST,
          request(who, "POST", "/admin/products", { name: "New", priceCents: 100, initialStock: 3, ...window }),
        ),
    ],
    [
      "PATCH /api/admin/products/:id",
      (who, id) =>
        call(adminProduct.PATCH, request(who, "PATCH", `/admin/products/${id}`, { priceCents: 777 }), { id }),
    ],
    [
      "POST /api/admin/products/:id/restock",
      (who, id) =>
        call(adminRestock.POST, request(who, "POST", `/admin/products/${id}/restock`, { quantity: 2 }), { id }),
    ],
    [
      "POST /api/admin/products/:id/sale",
      (who, id) => call(adminSale.POST, request(who, "POST", `/admin/products/${id}/sale`, { action: "open" }), { id }),
    ],
    ["GET /api/admin/events", (who) => call(adminEvents.GET, request(who, "GET", "/admin/events?limit=5"))],
    ["GET /api/admin/reconcile", (who) => call(adminReconcile.GET, request(who, "GET", "/admin/reconcile"))],
    ["GET /api/admin/metrics", (who) => call(adminMetrics.GET, request(who, "GET", "/admin/metrics"))],
  ];

  it.each(endpoints)(
    "%s: 401 anonymous and demoted admin's old session, 403 customer, 2xx admin",
    async (_name, send) => {
      const product = await createLiveProduct({ stock: 5 });
      for (const who of ["anonymous", "demotedAdmin"] as const) {
        const response = await send(who, product.id);
        expect(response.status, who).toBe(401);
        expect((await response.json()).error.code).toBe("unauthorized");
      }
      for (const who of ["customer", "otherCustomer"] as const) {
        const response = await send(who, product.id);
        expect(response.status, who).toBe(403);
        expect((await response.json()).error.code).toBe("forbidden");
      }
      const admin = await send("admin", product.id);
      expect([200, 201]).toContain(admin.status);
    },
  );

  it("records the admin behind every manual change in the ledger", async () => {
    const admin = await adminActor();
    const product = await createLiveProduct({ stock: 5 });
    await call(adminRestock.POST, request("admin", "POST", "/x", { quantity: 4 }), { id: product.id });
    await call(adminProduct.PATCH, request("admin", "PATCH", "/x", { name: "Renamed by admin" }), { id: product.id });
    await call(adminSale.POST, request("admin", "POST", "/x", { action: "close" }), { id: product.id });
    const response = await call(adminEvents.GET, request("admin", "GET", `/admin/events?productId=${product.id}`));
    const { events } = await response.json();
    const manual = events.filter((e: { type: string }) => e.type === "stock_added" || e.type === "product_changed");
    expect(manual.map((e: { type: string; metadata: { action: string } }) => `${e.type}:${e.metadata.action}`)).toEqual(
      ["product_changed:close", "product_changed:update", "stock_added:restock", "stock_added:create"],
    );
    for (const event of manual) expect(event.adminEmail).toBe(admin.kind === "user" ? admin.email : null);
  });
});

describe("orders of an account", () => {
  async function customerHold(quantity = 1) {
    const product = await createLiveProduct({ stock: 10 });
    const response = await call(
      holds.POST,
      request("customer", "POST", "/holds", { productId: product.id, quantity, email: "typed@else.com" }),
    );
    expect(response.status).toBe(201);
    return (await response.json()).order as { id: string; customerEmail: string };
  }

  it("belong to the account and its e-mail, not the one typed in", async () => {
    const held = await customerHold();
    expect(held.customerEmail).toMatch(/^customer-/);
  });

  it("are listed for their owner only; anonymous callers get 401", async () => {
    const held = await customerHold();
    expect((await call(orders.GET, request("anonymous", "GET", "/orders"))).status).toBe(401);
    const mine = await (await call(orders.GET, request("customer", "GET", "/orders"))).json();
    expect(mine.orders.map((o: { id: string }) => o.id)).toContain(held.id);
    const theirs = await (await call(orders.GET, request("otherCustomer", "GET", "/orders"))).json();
    expect(theirs.orders.map((o: { id: string }) => o.id)).not.toContain(held.id);
  });

  it("are readable by the owner and admins; anyone else is told they do not exist", async () => {
    const held = await customerHold();
    const read = (who: Who) => call(order.GET, request(who, "GET", `/orders/${held.id}`), { id: held.id });
    expect((await read("customer")).status).toBe(200);
    expect((await read("admin")).status).toBe(200);
    for (const who of ["anonymous", "otherCustomer"] as const) {
      const response = await read(who);
      expect(response.status, who).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
    }
  });

  it("can be confirmed or cancelled by no one else", async () => {
    const held = await customerHold();
    for (const who of ["anonymous", "otherCustomer"] as const) {
      expect((await call(confirm.POST, request(who, "POST", "/c"), { id: held.id })).status, who).toBe(404);
      expect((await call(cancel.POST, request(who, "POST", "/c"), { id: held.id })).status, who).toBe(404);
    }
    expect((await call(confirm.POST, request("customer", "POST", "/c"), { id: held.id })).status).toBe(200);
  });

  it("lets an admin act on a customer's order", async () => {
    const held = await customerHold();
    const response = await call(cancel.POST, request("admin", "POST", "/c"), { id: held.id });
    expect(response.status).toBe(200);
    expect((await response.json()).order.status).toBe("cancelled");
  });

  it("leaves guest orders reachable by their id alone", async () => {
    const product = await createLiveProduct({ stock: 3 });
    const created = await call(
      holds.POST,
      request("anonymous", "POST", "/holds", { productId: product.id, quantity: 1, email: guestEmail() }),
    );
    const { order: guestOrder } = await created.json();
    for (const who of ["anonymous", "otherCustomer", "admin"] as const) {
      expect((await call(order.GET, request(who, "GET", "/o"), { id: guestOrder.id })).status, who).toBe(200);
    }
  });

  it("treats a forged or garbled session as anonymous", async () => {
    const forged = new Request("http://localhost/api/orders", {
      headers: { cookie: "next-auth.session-token=not-a-token" },
    });
    expect((await call(orders.GET, forged)).status).toBe(401);
    const adminForged = new Request("http://localhost/api/admin/metrics", {
      headers: { cookie: "next-auth.session-token=eyJhbGciOiJub25lIn0.e30." },
    });
    expect((await call(adminMetrics.GET, adminForged)).status).toBe(401);
  });
});
