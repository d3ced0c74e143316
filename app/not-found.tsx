import type { Metadata } from "next";
import { NotFoundScreen } from "./_components/not-found-screen";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <NotFoundScreen
      title="Page not found"
      body="There is nothing at this address. It may have been mistyped, or the link is old."
    />
  );
}
