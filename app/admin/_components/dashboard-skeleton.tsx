// Placeholders while the dashboard's figures load: stat cards, charts and the table.
import { Skeleton } from "@/app/_components/ui/skeleton";

export function DashboardSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the dashboard" className="space-y-8">
      <Skeleton className="ml-auto h-10 w-32" />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6">
        {Array.from({ length: 11 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed row of identical placeholders.
          <Skeleton key={i} className="h-24" />
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-80" />
        <Skeleton className="h-80" />
      </div>
      <Skeleton className="h-64" />
    </div>
  );
}
