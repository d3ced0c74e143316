// A guest may not hold under the mailbox of an existing account: the limit and the order history
// are the account's.
import { describe, expect, it } from "vitest";
import * as holds from "@/app/api/holds/route";
import { sqlClient } from "@/lib/db";
import { placeHold } from "@/lib/inventory/place-hold";
import { registerUser } from "@/lib/users/register-user";
import { createLiveProduct, guestEmail } from "./helpers/fixtures";
import { apiRequest, call } from "./helpers/routes";

const postHold = (body: unknown) =>
  call(holds.POST, apiRequest("/holds", { body, headers: { "x-forwarded-for": "192.0.2.44" } }));

describe("a guest hold under a customer's e-mail", () => {
  it("is refused with 403 sign_in_required, whatever the case, and spends nothing", async () => {
    const email = guestEmail("owner");
    const user = await registerUser({ email, password: "the owner's passphrase" }, { clientIp: "192.0.2.43" });
    const product = await createLiveProduct({ stock: 5, maxPerCustomer: 1 });

    const response = await postHold({ productId: product.id, quantity: 1, email: email.toUpperCase() });
    expect(response.status).toBe(403);
    const { error } = await response.json();
    expect(error).toEqual({
      code: "sign_in_required",
      message: expect.stringMatching(/belongs to an account: sign in/),
    });
    const [orders] = await sqlClient()`select count(*)::int as n from orders where product_id = ${product.id}`;
    expect(orders!.n).toBe(0);

    // The customer, signed in, still has the whole limit.
    const actor = { kind: "user" as const, userId: user.id, email: user.email, role: user.role };
    expect(await placeHold({ productId: product.id, quantity: 1 }, actor)).toMatchObject({
      customerEmail: email,
      quantity: 1,
    });
  });

  it("is placed as before for a mailbox without an account", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const response = await postHold({ productId: product.id, quantity: 1, email: guestEmail("guest") });
    expect(response.status).toBe(201);
  });
});
