// A white panel with a hairline border: the surface every product, form and receipt sits on.
import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Card({ className, ...rest }: ComponentProps<"div">) {
  return <div className={cn("rounded-2xl border border-zinc-200 bg-white shadow-sm", className)} {...rest} />;
}
