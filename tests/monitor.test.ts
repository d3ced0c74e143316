// GET /api/admin/monitor/stream through its route handler: admins only; a snapshot of the last 15
// minutes, then each closed second with this process's holds, refusals by reason and latency, and
// the ledger's holds of every process; the expiry lag and the reconcile verdict in `status`.
import { afterEach, describe, expect, it } from "vitest";
import * as holds from "@/app/api/holds/route";
import * as monitor from "@/app/api/admin/monitor/stream/route";
import type { LedgerPoint, MonitorSecond, MonitorSnapshot, MonitorStatus } from "@/lib/observability/monitor-feed";
import { adminActor, createLiveProduct, endPendingHolds, expireHolds, guestEmail } from "./helpers/fixtures";
import { call } from "./helpers/routes";
import { sessionCookie } from "./helpers/sessions";
import { SseReader } from "./helpers/sse";

const open: AbortController[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.abort();
});

async function openMonitor(cookie?: string) {
  const controller = new AbortController();
  open.push(controller);
  const response = await call(
    monitor.GET,
    new Request("http://localhost/api/admin/monitor/stream", {
      headers: cookie ? { cookie } : {},
      signal: controller.signal,
    }),
  );
  return { response, controller };
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

describe("the drop monitor's stream", () => {
  it("refuses anyone but an admin", async () => {
    const { response } = await openMonitor();
    expect(response.status).toBe(401);
  });

  it("sends a snapshot, then each second's holds, refusals by reason and latency, and the status", async () => {
    const admin = await adminActor();
    if (admin.kind !== "user") throw new Error("no admin");
    const cookie = await sessionCookie({ id: admin.userId, email: admin.email, role: "admin" });
    const product = await createLiveProduct({ stock: 3 });
    const expired = await (await hold(product.id)).json();
    await expireHolds([expired.order.id], "now() - interval '45 seconds'");

    const { response } = await openMonitor(cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = new SseReader(response.body!);
    await reader.until(() => reader.events("snapshot").length > 0, 10_000, "the snapshot");
    const [snapshot] = reader.events<MonitorSnapshot>("snapshot");
    expect(snapshot!.data.seconds.length).toBeGreaterThan(800);
    expect(snapshot!.data.status.expiryLagSeconds).toBeGreaterThanOrEqual(44);

    const started = Math.floor(Date.now() / 1000);
    expect((await hold(product.id, 2)).status).toBe(201);
    expect((await hold(product.id, 5)).status).toBe(409);
    const sent = () => reader.events<MonitorSecond[]>("seconds").flatMap((e) => e.data);
    await reader.until(
      () => {
        const after = sent().filter((s) => s.t >= started);
        return (
          after.some((s) => s.holds >= 1 && s.p50 !== null) &&
          after.some((s) => (s.refusals.insufficient_stock ?? 0) >= 1)
        );
      },
      10_000,
      "a second with the hold and one with the refusal",
    );
    await reader.until(
      () => reader.events<LedgerPoint[]>("ledger").some((e) => e.data.some((p) => p.t >= started && p.holds >= 1)),
      10_000,
      "the ledger's hold",
    );
    await reader.until(
      () => reader.events<MonitorStatus>("status").some((e) => e.data.reconcile?.ok === true),
      10_000,
      "the reconcile verdict",
    );
    expect(await endPendingHolds(product.id)).toBe(1);
  });
});
