// /admin: the dashboard's overview (figures, charts, live inventory and its controls), for admins only.
import type { Metadata } from "next";
import { requireAdmin } from "@/app/_lib/guards";
import { getMetrics } from "@/lib/admin/metrics";
import { AdminHeader } from "./_components/admin-nav";
import { Dashboard } from "./_components/dashboard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await requireAdmin("/admin");
  const metrics = await getMetrics();
  return (
    <section>
      <AdminHeader current="/admin" title="Admin dashboard" />
      <Dashboard initial={metrics} />
    </section>
  );
}
