// POST /api/register: create a customer account
import type { RegisterInput } from "@/lib/users/schemas";
import { registerUser } from "@/lib/users/register-user";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route(async ({ request, clientIp }) => {
  const user = await registerUser((await readJson(request)) as RegisterInput, { clientIp });
  return json({ user }, 201);
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
