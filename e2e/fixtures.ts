// Fixtures of the end-to-end suite. Everything a test needs is arranged through the app's public and
// admin HTTP API, as QA would by hand, so the suite runs against the local build or any deployment
// (e2e/target.ts): products are created, opened, closed and restocked by the admin, orders are held
// and confirmed as a shopper's are. Each test works on products of its own with names no other test
// or run uses, and never assumes it sees only its own: a deployment may have real traffic and other
// runs on it. The products a test made are closed when it ends.
import { test as base, expect, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { scanPage } from "./accessibility";
import { signInRequest } from "./sessions";
import { ADMIN, baseURL } from "./target";

export type ProductOptions = {
  name?: string;
  description?: string;
  stock: number;
  maxPerCustomer?: number;
  priceCents?: number;
  /** Seconds from now (the server's clock); negative for a sale already open. */
  startsIn?: number;
  endsIn?: number;
  /** "proof_of_work": every hold carries a solved challenge. */
  botCheck?: "off" | "proof_of_work";
};

export type ArrangedProduct = { id: string; name: string };

type Arrange = {
  /** Creates a product through POST /api/admin/products, on sale by default. */
  product: (options: ProductOptions) => Promise<ArrangedProduct>;
  /** Opens or closes a product's sale now (POST /api/admin/products/:id/sale). */
  sale: (productId: string, action: "open" | "close") => Promise<void>;
  /** Adds units (POST /api/admin/products/:id/restock). */
  restock: (productId: string, quantity: number) => Promise<void>;
  /** Places a hold through POST /api/holds and returns the order id. */
  hold: (productId: string, quantity: number, email: string) => Promise<string>;
  /** Holds and confirms through the API: units sold to someone else. */
  buy: (productId: string, quantity: number, email: string) => Promise<string>;
  /** How long the target holds units: the order's holdExpiresAt less its createdAt, in seconds. */
  holdSeconds: (orderId: string) => Promise<number>;
  /** Closes, when the test ends, a product the test created some other way (through the UI). */
  closeAfterTest: (productId: string) => void;
  /** An e-mail address no other test or run uses. */
  email: (label?: string) => string;
};

/** Scans the page (the test's own by default) for WCAG 2.2 AA violations, once per worker and name. */
type ExpectAccessible = (name: string, page?: Page) => Promise<void>;

// Names and addresses carry this process's random prefix and a sequence: unique across workers,
// runs and machines sharing one deployment.
const processTag = Math.random().toString(36).slice(2, 6);
let sequence = 0;
const unique = (workerIndex: number) => `${processTag}${workerIndex}${(sequence++).toString(36)}`;

async function ok(response: Promise<APIResponse>, status = 200) {
  const answer = await response;
  expect(answer.status(), `${answer.url()}: ${await answer.text()}`).toBe(status);
  return answer.json();
}

export const test = base.extend<
  { arrange: Arrange; expectAccessible: ExpectAccessible },
  { admin: APIRequestContext; serverClockOffset: number; scannedPages: Set<string> }
>({
  admin: [
    async ({ playwright }, use) => {
      const admin = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
      await signInRequest(admin, ADMIN);
      await use(admin);
      await admin.dispose();
    },
    { scope: "worker" },
  ],

  // Sale windows are set on the server's clock, which a deployment's may not share with this machine.
  serverClockOffset: [
    async ({ admin }, use) => {
      const before = Date.now();
      const { serverTime } = (await ok(admin.get("/api/time"))) as { serverTime: string };
      await use(Date.parse(serverTime) - (before + Date.now()) / 2);
    },
    { scope: "worker" },
  ],

  scannedPages: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      await use(new Set());
    },
    { scope: "worker" },
  ],

  arrange: async ({ admin, serverClockOffset, request }, use, testInfo) => {
    const tag = () => unique(testInfo.workerIndex);
    const at = (secondsFromNow: number) =>
      new Date(Date.now() + serverClockOffset + secondsFromNow * 1000).toISOString();
    const made: string[] = [];
    const hold = async (productId: string, quantity: number, email: string) => {
      const { order } = (await ok(request.post("/api/holds", { data: { productId, quantity, email } }), 201)) as {
        order: { id: string };
      };
      return order.id;
    };
    await use({
      product: async ({
        name = "Test product",
        description,
        stock,
        maxPerCustomer = 1,
        priceCents = 1_250,
        startsIn = -60,
        endsIn = Math.max(startsIn, 0) + 3_600,
        botCheck = "off",
      }) => {
        const { product } = (await ok(
          admin.post("/api/admin/products", {
            data: {
              name: `${name} ${tag()}`,
              description: description ?? `Arranged by the test "${testInfo.title}".`,
              priceCents,
              initialStock: stock,
              maxPerCustomer,
              saleStartsAt: at(startsIn),
              saleEndsAt: at(endsIn),
              botCheck,
            },
          }),
          201,
        )) as { product: ArrangedProduct };
        made.push(product.id);
        return { id: product.id, name: product.name };
      },
      sale: async (productId, action) => {
        await ok(admin.post(`/api/admin/products/${productId}/sale`, { data: { action } }));
      },
      restock: async (productId, quantity) => {
        await ok(admin.post(`/api/admin/products/${productId}/restock`, { data: { quantity } }));
      },
      hold,
      buy: async (productId, quantity, email) => {
        const orderId = await hold(productId, quantity, email);
        await ok(request.post(`/api/orders/${orderId}/confirm`));
        return orderId;
      },
      holdSeconds: async (orderId) => {
        const { order } = (await ok(request.get(`/api/orders/${orderId}`))) as {
          order: { createdAt: string; holdExpiresAt: string };
        };
        return (Date.parse(order.holdExpiresAt) - Date.parse(order.createdAt)) / 1000;
      },
      closeAfterTest: (productId) => {
        made.push(productId);
      },
      email: (label = "shopper") => `${label}-${tag()}@example.test`,
    });
    // Off sale once the test is done, so a shared deployment's storefront does not fill with live test
    // products. A test that failed keeps its failure: a refusal here is not asserted.
    await Promise.all(
      made.map((id) => admin.post(`/api/admin/products/${id}/sale`, { data: { action: "close" } }).catch(() => {})),
    );
  },

  expectAccessible: async ({ page, scannedPages }, use, testInfo) => {
    await use(async (name, target = page) => {
      if (scannedPages.has(name)) return;
      scannedPages.add(name);
      await scanPage(target, name, testInfo);
    });
  },
});

export { expect };
