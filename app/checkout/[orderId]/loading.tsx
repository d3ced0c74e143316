import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";

export default function Loading() {
  return (
    <div className="mx-auto max-w-3xl space-y-6" aria-busy="true">
      <p className="sr-only" role="status">
        Loading your checkout…
      </p>
      <Skeleton className="h-9 w-40" />
      <Card className="space-y-3 p-6">
        <Skeleton className="h-5 w-1/2" />
        <Skeleton className="h-10 w-24" />
      </Card>
      <Card className="space-y-3 p-6">
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-2/3" />
      </Card>
    </div>
  );
}
