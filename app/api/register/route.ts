// POST /api/register: create a customer account
import { operations } from "@/lib/openapi/operations";
import { registerUser } from "@/lib/users/register-user";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route(operations.registerCustomer, async ({ request, clientIp }) => {
  const user = await registerUser(await readJson(request), { clientIp });
  return json({ user }, 201);
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
