// Grey placeholders shown while a page loads.
import { cn } from "./cn";

export function Skeleton({ className }: { className?: string }) {
  return <div className={cn("animate-pulse rounded-md bg-zinc-200 motion-reduce:animate-none", className)} />;
}
