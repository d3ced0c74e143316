// Role checks for commands. Transports resolve the actor (re-reading the role from the database);
// commands check it again, so a script or a new route cannot skip the rule.
import type { Actor } from "../actor";
import { DomainError } from "../errors";

export type AdminActor = Extract<Actor, { kind: "user" }> & { role: "admin" };

export function assertAdmin(actor: Actor): asserts actor is AdminActor {
  if (actor.kind !== "user") throw new DomainError("unauthorized", "Sign in as an admin to do this.");
  if (actor.role !== "admin") throw new DomainError("forbidden", "Only admins can do this.");
}

export const isAdmin = (actor: Actor): actor is AdminActor => actor.kind === "user" && actor.role === "admin";
