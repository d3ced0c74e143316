// Guards for pages and server actions. Every admin page and action calls one of them itself:
// layouts do not re-run on client navigation, and proxy.ts only sets the CSP nonce: it checks nobody.
import { forbidden, redirect } from "next/navigation";
import type { z } from "zod";
import type { Actor } from "@/lib/actor";
import { type AdminActor, assertAdmin, isAdmin } from "@/lib/users/authorize";
import { parseForm } from "@/lib/validation";
import { runAction, type ServerAction } from "./action";
import { currentActor } from "./session";

export type UserActor = Extract<Actor, { kind: "user" }>;

/** A signed-in user, or off to the login page (coming back to `returnTo` afterwards). */
export async function requireUser(returnTo: string): Promise<UserActor> {
  const actor = await currentActor();
  if (actor.kind !== "user") redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}

/** An admin; anonymous visitors go to the login page, everyone else gets a 403 page. */
export async function requireAdmin(returnTo = "/admin"): Promise<AdminActor> {
  const actor = await requireUser(returnTo);
  if (!isAdmin(actor)) forbidden();
  return actor;
}

/** validatedAction for admin server actions: refuses anyone but an admin before the form is read. */
export function validatedAdminAction<S extends z.ZodType, T>(
  schema: S,
  work: (data: z.output<S>, admin: AdminActor) => Promise<T>,
): ServerAction<T> {
  return async (_previous, form) =>
    runAction(async (actor) => {
      assertAdmin(actor);
      return work(parseForm(schema, form), actor);
    });
}
