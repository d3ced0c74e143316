// Resolves who is asking, for route handlers, server actions and pages. Until accounts exist
// everyone is a guest.
import { GUEST, type Actor } from "@/lib/actor";

export async function currentActor(): Promise<Actor> {
  return GUEST;
}
