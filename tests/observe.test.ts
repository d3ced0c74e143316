// The request observation's pure parts: route patterns from path parameters, and request ids.
import { describe, expect, it } from "vitest";
import { requestIdOf, routePattern } from "@/app/_lib/observe";

describe("routePattern", () => {
  it("names each path parameter instead of its value, so labels stay a bounded set", () => {
    const id = "0b7c1d3e-8f4a-4c59-9a1b-2c3d4e5f6a7b";
    expect(routePattern(`/api/orders/${id}/confirm`, { id })).toBe("/api/orders/[id]/confirm");
    expect(routePattern(`/api/admin/products/${id}/restock`, { id })).toBe("/api/admin/products/[id]/restock");
    expect(routePattern("/api/no/such/thing", { path: ["no", "such", "thing"] })).toBe("/api/[...path]");
    expect(routePattern("/api/caf%C3%A9", { path: ["café"] })).toBe("/api/[...path]");
    expect(routePattern("/api/products/a%20b", { id: "a b" })).toBe("/api/products/[id]");
    expect(routePattern("/api/holds", {})).toBe("/api/holds");
  });
});

describe("requestIdOf", () => {
  const withId = (id?: string) =>
    new Request("http://localhost/api/time", { headers: id ? { "x-request-id": id } : {} });
  it("keeps a sane incoming X-Request-Id and replaces anything else with a UUID", () => {
    expect(requestIdOf(withId("lb-7f3a:42.1_x"))).toBe("lb-7f3a:42.1_x");
    for (const bad of [undefined, "has space", "x".repeat(129), "semi;colon", "<script>"]) {
      expect(requestIdOf(withId(bad))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
