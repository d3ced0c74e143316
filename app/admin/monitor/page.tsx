// /admin/monitor: the live drop monitor, second by second over the last 15 minutes (admins only).
import type { Metadata } from "next";
import { requireAdmin } from "@/app/_lib/guards";
import { AdminHeader } from "../_components/admin-nav";
import { DropMonitor } from "../_components/drop-monitor";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Drop monitor · Admin" };

export default async function MonitorPage() {
  await requireAdmin("/admin/monitor");
  return (
    <section>
      <AdminHeader current="/admin/monitor" title="Drop monitor" />
      <DropMonitor />
    </section>
  );
}
