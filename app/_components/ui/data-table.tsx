// The admin's data tables: a horizontally scrolling table with a caption for screen readers, a
// header row of small grey capitals (one column header per entry, each with its own padding and
// alignment; a `hidden` one is read by screen readers only) and hairlines between the rows.
import type { ReactNode } from "react";
import { cn } from "./cn";

export type Column = { label: string; className: string; hidden?: boolean };

export function DataTable(props: {
  caption: string;
  columns: Column[];
  className?: string;
  "data-testid"?: string;
  children: ReactNode;
}) {
  return (
    <div className="relative overflow-x-auto">
      <table className={cn("w-full text-sm", props.className)} data-testid={props["data-testid"]}>
        <caption className="sr-only">{props.caption}</caption>
        <thead className="bg-zinc-50 text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
          <tr>
            {props.columns.map((column) => (
              <th key={column.label} scope="col" className={column.className}>
                {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">{props.children}</tbody>
      </table>
    </div>
  );
}
