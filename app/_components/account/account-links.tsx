// The header's account links: sign-in and registration for guests; orders, the dashboard for
// admins, and sign-out for signed-in users.
import Link from "next/link";
import { currentActor } from "@/app/_lib/session";
import { SignOutButton } from "./sign-out-button";

const link =
  "rounded-md px-1 py-1 hover:text-zinc-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

export async function AccountLinks() {
  const actor = await currentActor();
  if (actor.kind !== "user") {
    return (
      <>
        <Link href="/login" className={link}>
          Sign in
        </Link>
        <Link
          href="/register"
          className="rounded-lg bg-zinc-900 px-3 py-1.5 text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        >
          Create account
        </Link>
      </>
    );
  }
  return (
    <>
      {actor.role === "admin" ? (
        <Link href="/admin" className={link}>
          Admin
        </Link>
      ) : null}
      <Link href="/orders" className={link}>
        My orders
      </Link>
      <span className="hidden max-w-48 truncate text-zinc-500 md:inline" title={actor.email} data-testid="signed-in-as">
        {actor.email}
      </span>
      <SignOutButton />
    </>
  );
}
