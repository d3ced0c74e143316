// /admin: the dashboard, for admins only.
import type { Metadata } from "next";
import { requireAdmin } from "@/app/_lib/guards";
import { getMetrics } from "@/lib/admin/metrics";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await requireAdmin();
  const metrics = await getMetrics();
  return (
    <section>
      <h1 className="text-2xl font-bold tracking-tight">Admin dashboard</h1>
      <dl className="mt-6 grid grid-cols-2 gap-4 sm:grid-cols-4">
        {Object.entries(metrics.totals).map(([name, value]) => (
          <div key={name} className="rounded-lg border border-zinc-200 bg-white p-4">
            <dt className="text-xs text-zinc-500">{name}</dt>
            <dd className="text-xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
