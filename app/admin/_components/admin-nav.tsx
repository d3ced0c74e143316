// The admin area's heading and its tabs: overview, drop monitor, ledger, reconciliation.
import Link from "next/link";
import { cn } from "@/app/_components/ui/cn";

const tabs = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/monitor", label: "Monitor" },
  { href: "/admin/ledger", label: "Ledger" },
  { href: "/admin/reconcile", label: "Reconcile" },
] as const;

export function AdminHeader({ current, title }: { current: (typeof tabs)[number]["href"]; title: string }) {
  return (
    <header className="mb-6 space-y-4">
      <nav aria-label="Admin" className="flex gap-1 overflow-x-auto border-b border-zinc-200">
        {tabs.map((tab) => (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={tab.href === current ? "page" : undefined}
            className={cn(
              "-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium",
              tab.href === current
                ? "border-zinc-900 text-zinc-950"
                : "border-transparent text-zinc-600 hover:text-zinc-950",
            )}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      <h1 className="text-2xl font-bold tracking-tight text-zinc-950">{title}</h1>
    </header>
  );
}
