// A labelled text input with its hint and its error, wired for screen readers.
import type { ComponentProps } from "react";
import { cn } from "./cn";

type FieldProps = ComponentProps<"input"> & { id: string; label: string; hint?: string; error?: string };

export function Field({ id, label, hint, error, className, ...input }: FieldProps) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-900">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="mt-1.5 block h-11 w-full rounded-lg border border-zinc-300 bg-white px-3 text-base text-zinc-950 shadow-sm placeholder:text-zinc-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 aria-invalid:border-rose-500"
        {...input}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className={cn("mt-1 text-sm font-medium text-rose-700")}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
