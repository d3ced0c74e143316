"use client";
// Labelled form fields for the admin forms: each error sits under its field and is announced
// with it (aria-invalid, aria-describedby).
import { useId, useState } from "react";
import { cn } from "@/app/_components/ui/cn";

const inputClass =
  "mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-950 shadow-sm placeholder:text-zinc-500 focus:border-blue-600 aria-invalid:border-rose-500";

type FieldProps = {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  className?: string;
} & Omit<React.ComponentProps<"input">, "name" | "className">;

export function Field({ label, name, error, hint, className, ...input }: FieldProps) {
  const id = useId();
  return (
    <Labelled id={id} label={label} hint={hint} error={error} className={className}>
      <input id={id} name={name} className={inputClass} {...aria(id, error, hint)} {...input} />
    </Labelled>
  );
}

/** What the textarea and the date field take: a label, the form name, an error, a first value. */
type ControlProps = { label: string; name: string; error?: string; defaultValue?: string };

export function TextAreaField({ label, name, error, defaultValue }: ControlProps) {
  const id = useId();
  return (
    <Labelled id={id} label={label} error={error}>
      <textarea id={id} name={name} rows={3} defaultValue={defaultValue} className={inputClass} {...aria(id, error)} />
    </Labelled>
  );
}

/** A date and time in the admin's own time zone, submitted as an ISO instant under `name`. */
export function DateTimeField({ label, name, error, defaultValue }: ControlProps & { defaultValue: string }) {
  const id = useId();
  const [iso, setIso] = useState(defaultValue);
  return (
    <Labelled id={id} label={label} error={error}>
      <input
        id={id}
        type="datetime-local"
        required
        defaultValue={toLocalInput(defaultValue)}
        onChange={(e) => setIso(e.target.value ? new Date(e.target.value).toISOString() : "")}
        className={inputClass}
        {...aria(id, error)}
      />
      <input type="hidden" name={name} value={iso} />
    </Labelled>
  );
}

/** The frame every admin field shares: its label, the control, its hint and its error. */
function Labelled(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: React.ReactNode;
}) {
  const { id, label, hint, error, className, children } = props;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className={cn("mt-1 text-xs font-medium text-rose-700")}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The control's side of the wiring: invalid while there is an error, described by hint and error. */
function aria(id: string, error?: string, hint?: string) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
}

/** An ISO instant as the value of a datetime-local input, in this browser's time zone. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
