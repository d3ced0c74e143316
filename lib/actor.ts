// Who is asking. Transports resolve it (session, cron secret); commands receive it and never read
// cookies or headers themselves.
import type { Role } from "@/db/enums";

export type { Role };

export type Actor = { kind: "guest" } | { kind: "user"; userId: string; email: string; role: Role };

export const GUEST: Actor = { kind: "guest" };
