// The bar on top of every page: the shop's name linking home on the left, and on the right the
// `account` slot for sign-in and order links.
import Link from "next/link";
import { LogoMark } from "./logo";

export function SiteHeader({ account }: { account?: React.ReactNode }) {
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link
          href="/"
          className="flex items-center gap-2.5 rounded-md text-base font-bold tracking-tight text-zinc-950 focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-blue-600"
        >
          <LogoMark className="size-8" />
          <span>Flash Sale</span>
        </Link>
        <nav aria-label="Account" className="flex items-center gap-4 text-sm font-medium text-zinc-700">
          {account}
        </nav>
      </div>
    </header>
  );
}
