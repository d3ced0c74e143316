import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";

export default function Loading() {
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_24rem]" aria-busy="true">
      <p className="sr-only" role="status">
        Loading the product…
      </p>
      <div className="space-y-4">
        <Skeleton className="h-5 w-16" />
        <Skeleton className="h-10 w-2/3" />
        <Skeleton className="h-7 w-24" />
        <Skeleton className="h-16 w-full" />
      </div>
      <Card className="space-y-4 p-6">
        <Skeleton className="h-11 w-full" />
        <Skeleton className="h-11 w-full" />
        <Skeleton className="h-12 w-full" />
      </Card>
    </div>
  );
}
