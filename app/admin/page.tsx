// /admin: the dashboard's overview (figures, charts, live inventory and its controls), for admins
// only. The guard runs before anything streams, so refusals keep their status (403, redirect);
// the figures stream in behind a skeleton.
import type { Metadata } from "next";
import { Suspense } from "react";
import { requireAdmin } from "@/app/_lib/guards";
import { getMetrics } from "@/lib/admin/metrics";
import { AdminHeader } from "./_components/admin-nav";
import { Dashboard } from "./_components/dashboard";
import { DashboardSkeleton } from "./_components/dashboard-skeleton";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await requireAdmin("/admin");
  return (
    <section>
      <AdminHeader current="/admin" title="Admin dashboard" />
      <Suspense fallback={<DashboardSkeleton />}>
        <Overview />
      </Suspense>
    </section>
  );
}

async function Overview() {
  return <Dashboard initial={await getMetrics()} />;
}
