// State-changing requests that carry cookies must come from this site.
import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/env";
import * as holds from "@/app/api/holds/route";
import { createLiveProduct, guestEmail, productRow } from "./helpers/fixtures";
import { apiRequest, call } from "./helpers/routes";

// Cookies and Origin as each test gives them, in headers: apiRequest would add the site's Origin.
const post = (headers: Record<string, string>, body: unknown) =>
  call(
    holds.POST,
    apiRequest("/holds", { body, headers: { host: "shop.example", ...headers }, site: "http://shop.example" }),
  );

describe("cross-site requests", () => {
  it("refuses a cookie-carrying POST from another origin with 403 and writes nothing", async () => {
    const product = await createLiveProduct({ stock: 2 });
    const response = await post(
      { cookie: "next-auth.session-token=x", origin: "https://evil.example" },
      { productId: product.id, quantity: 1, email: guestEmail() },
    );
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("forbidden");
    expect((await productRow(product.id)).available).toBe(2);
  });

  it("accepts the same request from the site itself, and API clients without cookies", async () => {
    const product = await createLiveProduct({ stock: 2 });
    const same = await post(
      { cookie: "a=b", origin: "http://shop.example" },
      { productId: product.id, quantity: 1, email: guestEmail() },
    );
    expect(same.status).toBe(201);
    const apiClient = await post(
      { origin: "https://elsewhere.example" },
      { productId: product.id, quantity: 1, email: guestEmail() },
    );
    expect(apiClient.status).toBe(201);
  });

  it("refuses a cookie-carrying POST without Origin, or whose Origin only matches X-Forwarded-Host", async () => {
    const product = await createLiveProduct({ stock: 2 });
    const body = { productId: product.id, quantity: 1, email: guestEmail() };
    const noOrigin = await post({ cookie: "a=b" }, body);
    expect(noOrigin.status).toBe(403);
    const forwarded = await post(
      { cookie: "a=b", origin: "https://evil.example", "x-forwarded-host": "evil.example" },
      body,
    );
    expect(forwarded.status).toBe(403);
    expect((await productRow(product.id)).available).toBe(2);
    // A browser's own word that the request is same-origin is enough.
    expect((await post({ cookie: "a=b", "sec-fetch-site": "same-origin" }, body)).status).toBe(201);
  });

  describe("with the public origin configured (NEXTAUTH_URL)", () => {
    afterEach(() => {
      delete process.env.NEXTAUTH_URL;
      reloadEnv();
    });

    it("compares Origin with it, not with the Host a client sent", async () => {
      process.env.NEXTAUTH_URL = "https://shop.example";
      reloadEnv();
      const product = await createLiveProduct({ stock: 2 });
      const body = () => ({ productId: product.id, quantity: 1, email: guestEmail() });
      expect((await post({ cookie: "a=b", origin: "http://shop.example" }, body())).status).toBe(403);
      expect((await post({ cookie: "a=b", origin: "https://evil.example", host: "evil.example" }, body())).status).toBe(
        403,
      );
      expect((await post({ cookie: "a=b", origin: "https://shop.example" }, body())).status).toBe(201);
    });
  });
});
