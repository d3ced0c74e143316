"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/app/_components/ui/button";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      pending={pending}
      pendingLabel="Signing out…"
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/" });
      }}
    >
      Sign out
    </Button>
  );
}
