// GET /api/metrics through its real route handler: refused without the bearer token (and to
// everyone while METRICS_TOKEN is unset), and what it serves reads back what happened: holds by
// outcome, requests by route pattern and status, hold batches, confirmations, cancellations,
// expirations and the expiry lag, in a text that `promtool check metrics` accepts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as holds from "@/app/api/holds/route";
import * as metricsRoute from "@/app/api/metrics/route";
import * as cancel from "@/app/api/orders/[id]/cancel/route";
import * as confirm from "@/app/api/orders/[id]/confirm/route";
import { reloadEnv } from "@/lib/env";
import { releaseExpiredHolds } from "@/lib/inventory/expiry";
import { createLiveProduct, endPendingHolds, expireHolds, guestEmail } from "./helpers/fixtures";
import { sample } from "./helpers/prometheus";
import { call } from "./helpers/routes";

const TOKEN = "a-metrics-token-for-the-tests";
const PROMTOOL = "/usr/bin/promtool";

const scrape = (authorization?: string) =>
  call(
    metricsRoute.GET,
    new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} }),
  );

async function text(): Promise<string> {
  const response = await scrape(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

const hold = (productId: string, quantity = 1) =>
  call(
    holds.POST,
    new Request("http://localhost/api/holds", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ productId, quantity, email: guestEmail() }),
    }),
  );

describe("GET /api/metrics", () => {
  beforeEach(() => {
    process.env.METRICS_TOKEN = TOKEN;
    reloadEnv();
  });
  afterEach(() => {
    delete process.env.METRICS_TOKEN;
    reloadEnv();
  });

  it("answers 401 to everyone while METRICS_TOKEN is unset, and to a missing or wrong token", async () => {
    delete process.env.METRICS_TOKEN;
    reloadEnv();
    for (const authorization of [undefined, "Bearer ", "Bearer undefined", `Bearer ${TOKEN}`]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthorized");
    }
    process.env.METRICS_TOKEN = TOKEN;
    reloadEnv();
    for (const authorization of [undefined, "Bearer wrong-token-of-some-length", TOKEN, `Basic ${TOKEN}`]) {
      expect((await scrape(authorization)).status).toBe(401);
    }
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(200);
  });

  it("counts holds by outcome, requests by route pattern, batches, confirmations, cancellations and expirations", async () => {
    const product = await createLiveProduct({ stock: 3, maxPerCustomer: 2 });
    const before = await text();

    const answers = await Promise.all([hold(product.id), hold(product.id), hold(product.id, 3)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 409]);
    expect(answers.every((a) => /^[\w-]{36}$/.test(a.headers.get("x-request-id") ?? ""))).toBe(true);
    const [first, second] = await Promise.all(answers.filter((a) => a.status === 201).map((a) => a.json()));
    const soldOut = await hold(product.id, 2);
    expect((await soldOut.json()).error.code).toBe("insufficient_stock");

    const path = (id: string, action: string) =>
      new Request(`http://localhost/api/orders/${id}/${action}`, { method: "POST" });
    expect((await call(confirm.POST, path(first.order.id, "confirm"), { id: first.order.id })).status).toBe(200);
    expect((await call(confirm.POST, path(first.order.id, "confirm"), { id: first.order.id })).status).toBe(200);
    expect((await call(cancel.POST, path(second.order.id, "cancel"), { id: second.order.id })).status).toBe(200);
    const third = await (await hold(product.id)).json();
    await expireHolds([third.order.id], "now() - interval '42 seconds'");
    const lagging = await text();
    expect(sample(lagging, "flash_sale_expiry_lag_seconds")).toBeGreaterThanOrEqual(41);
    // This product's only: other files' expired holds in the shared database are theirs to judge.
    expect(await releaseExpiredHolds({ productId: product.id })).toBe(1);
    const after = await text();

    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta("flash_sale_hold_outcomes_total", { reason: "held" })).toBe(3);
    expect(delta("flash_sale_hold_outcomes_total", { reason: "limit_exceeded" })).toBe(1);
    expect(delta("flash_sale_hold_outcomes_total", { reason: "insufficient_stock" })).toBe(1);
    expect(delta("flash_sale_hold_duration_seconds_count", { result: "refused" })).toBe(2);
    expect(delta("flash_sale_http_requests_total", { route: "/api/holds", method: "POST", status: "201" })).toBe(3);
    expect(delta("flash_sale_http_requests_total", { route: "/api/holds", method: "POST", status: "409" })).toBe(2);
    expect(
      delta("flash_sale_http_requests_total", { route: "/api/orders/[id]/confirm", method: "POST", status: "200" }),
    ).toBe(2);
    expect(delta("flash_sale_http_request_duration_seconds_count", { route: "/api/orders/[id]/cancel" })).toBe(1);
    // A confirmation counts once: the second call returned the confirmed order again.
    expect(delta("flash_sale_confirmations_total")).toBe(1);
    expect(delta("flash_sale_cancellations_total")).toBe(1);
    // Released by a direct call here, not by a scheduler: none counted.
    expect(delta("flash_sale_expirations_total")).toBe(0);
    expect(delta("flash_sale_hold_batch_size_count")).toBeGreaterThanOrEqual(1);
    expect(delta("flash_sale_hold_batch_size_sum")).toBe(3);
    expect(sample(after, "flash_sale_db_pool_size")).toBe(24);
    expect(after).toMatch(/^nodejs_eventloop_lag_seconds\{process="[^"]+:\d+"\} /m);
    expect(after).toMatch(/^nodejs_heap_size_used_bytes\{process="[^"]+:\d+"\} /m);
    // No concrete order id ever becomes a label.
    expect(after).not.toContain(first.order.id);
  });

  it.skipIf(!existsSync(PROMTOOL) && !process.env.CI)("serves text that promtool check metrics accepts", async () => {
    const product = await createLiveProduct({ stock: 1 });
    await hold(product.id);
    await hold(product.id);
    const checked = spawnSync(PROMTOOL, ["check", "metrics"], { input: await text(), encoding: "utf8" });
    await endPendingHolds(product.id);
    expect(checked.stderr + checked.stdout).toBe("");
    expect(checked.status).toBe(0);
  });
});
