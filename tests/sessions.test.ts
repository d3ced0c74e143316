// Session tokens cannot be revoked one by one: each carries the account's session version, and
// signing out, a new password or a demotion raises it, so every older token stands for nobody.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as myOrders from "@/app/api/orders/route";
import * as metrics from "@/app/api/admin/metrics/route";
import { users } from "@/db/schema";
import { db } from "@/lib/db";
import { endSessions } from "@/lib/users/end-sessions";
import { registerUser } from "@/lib/users/register-user";
import { guestEmail } from "./helpers/fixtures";
import { apiRequest, call, type RouteHandler } from "./helpers/routes";
import { sessionCookie } from "./helpers/sessions";

const get = (handler: RouteHandler, path: string, cookie: string) => call(handler, apiRequest(path, { cookie }));

async function customer() {
  const user = await registerUser(
    { email: guestEmail("session"), password: "a fine passphrase" },
    { clientIp: "192.0.2.90" },
  );
  return { ...user, cookie: await sessionCookie(user) };
}

describe("a session token after the account's sessions were ended", () => {
  it("works until sign-out, then gets 401", async () => {
    const user = await customer();
    expect((await get(myOrders.GET, "/orders", user.cookie)).status).toBe(200);
    const [row] = await db().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, user.id));
    await endSessions(user.id, row!.sv);
    expect((await get(myOrders.GET, "/orders", user.cookie)).status).toBe(401);
    // A new sign-in gets a token that works; ending the old session again changes nothing.
    const fresh = await sessionCookie(user);
    await endSessions(user.id, row!.sv);
    expect((await get(myOrders.GET, "/orders", fresh)).status).toBe(200);
  });

  it("gets 401 once the password changes, by any path", async () => {
    const user = await customer();
    await db().execute(sql`update users set password_hash = 'changed' where id = ${user.id}`);
    expect((await get(myOrders.GET, "/orders", user.cookie)).status).toBe(401);
  });

  it("of a demoted admin gets 401, not a customer's session", async () => {
    const user = await customer();
    await db().update(users).set({ role: "admin" }).where(eq(users.id, user.id));
    const admin = await sessionCookie({ ...user, role: "admin" });
    expect((await get(metrics.GET, "/admin/metrics", admin)).status).toBe(200);
    await db().update(users).set({ role: "customer" }).where(eq(users.id, user.id));
    expect((await get(metrics.GET, "/admin/metrics", admin)).status).toBe(401);
    expect((await get(myOrders.GET, "/orders", admin)).status).toBe(401);
  });
});
