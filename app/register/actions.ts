"use server";
// Creating an account: the same lib command as POST /api/register.
import { headers } from "next/headers";
import { runAction, type ActionResult } from "@/app/_lib/action";
import { clientIp } from "@/app/_lib/client-ip";
import { registerUser } from "@/lib/users/register-user";
import type { User } from "@/lib/users/schemas";

export async function registerAction(input: { email: string; password: string }): Promise<ActionResult<User>> {
  const ip = clientIp(await headers());
  return runAction(() => registerUser(input, { clientIp: ip }));
}
