// A message box for refusals, errors and confirmations.
import { cn } from "./cn";

type Tone = "error" | "success" | "info";

const tones: Record<Tone, string> = {
  error: "border-rose-200 bg-rose-50 text-rose-900",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  info: "border-sky-200 bg-sky-50 text-sky-900",
};

export function Alert({
  tone = "info",
  title,
  children,
  className,
  ...rest
}: {
  tone?: Tone;
  title?: string;
  children?: React.ReactNode;
  className?: string;
  role?: string;
  id?: string;
}) {
  return (
    <div className={cn("rounded-xl border px-4 py-3 text-sm", tones[tone], className)} {...rest}>
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={cn(title && "mt-0.5")}>{children}</div> : null}
    </div>
  );
}
