"use client";
// The admin's product controls: a dialog to create a product, and one per product to open or
// close its sale, restock it and edit it. Every form shows its pending state, a success note and
// the refusal (with field errors under their fields), and refreshes the dashboard on success.
import { useQueryClient } from "@tanstack/react-query";
import { startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
import type { ActionResult } from "@/app/_lib/action";
import type { ProductMetrics } from "@/lib/admin/schemas";
import type { Product, SaleActionInput } from "@/lib/products/schemas";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import {
  createProductAction,
  restockProductAction,
  setQueueStateAction,
  setSaleStateAction,
  updateProductAction,
} from "../actions";
import { DateTimeField, Field, TextAreaField } from "./fields";
import { METRICS_QUERY_KEY } from "./use-metrics";

type Result = ActionResult<Product> | null;
type Action = (previous: Result, form: FormData) => Promise<ActionResult<Product>>;

/** useActionState for an admin command, refreshing the figures after each success. */
function useAdminAction(action: Action) {
  const queryClient = useQueryClient();
  const [result, run, pending] = useActionState(action, null);
  useEffect(() => {
    if (result?.ok) void queryClient.invalidateQueries({ queryKey: METRICS_QUERY_KEY });
  }, [result, queryClient]);
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  // Submitting through onSubmit keeps what was typed when the answer is a refusal (a form
  // `action` alone resets the form after every submission).
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => run(form));
  };
  return { result, run, pending, errors, onSubmit };
}

function Outcome({ result, success }: { result: Result; success: (product: Product) => string }) {
  if (!result) return null;
  if (result.ok) {
    return (
      <Alert tone="success" role="status">
        {success(result.data)}
      </Alert>
    );
  }
  return (
    <Alert tone="error" role="alert" title="Not saved">
      {result.message}
    </Alert>
  );
}

/** A modal dialog (native <dialog>: focus moves in, Escape closes, focus returns to the opener). */
function Dialog({
  open,
  onClose,
  title,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={titleId}
      className="m-auto w-[min(40rem,calc(100vw-1.5rem))] rounded-2xl text-left font-normal border border-zinc-200 bg-white p-0 shadow-xl backdrop:bg-zinc-950/40"
    >
      {open ? (
        <div className="max-h-[85vh] overflow-y-auto p-5 sm:p-6">
          <div className="flex items-start justify-between gap-4">
            <h2 id={titleId} className="text-lg font-semibold text-zinc-950">
              {title}
            </h2>
            <button
              type="button"
              onClick={onClose}
              className="rounded-md px-2 text-xl leading-none text-zinc-500 hover:text-zinc-900"
              aria-label="Close"
            >
              ×
            </button>
          </div>
          <div className="mt-4 space-y-6">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}

export function CreateProductButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>New product</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="New product">
        <CreateProductForm />
      </Dialog>
    </>
  );
}

const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();
const inOneDay = () => new Date(Date.now() + 25 * 3_600_000).toISOString();

function CreateProductForm() {
  const { result, run, pending, errors, onSubmit } = useAdminAction(createProductAction);
  const [defaults] = useState(() => ({ startsAt: inOneHour(), endsAt: inOneDay() }));
  return (
    <form action={run} onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="Name" name="name" required error={errors.name} />
      <TextAreaField label="Description" name="description" error={errors.description} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          label="Price (USD)"
          name="price"
          inputMode="decimal"
          required
          error={errors.priceCents}
          placeholder="19.99"
        />
        <Field
          label="Initial stock"
          name="initialStock"
          type="number"
          min={0}
          defaultValue={100}
          error={errors.initialStock}
        />
        <Field
          label="Limit per customer"
          name="maxPerCustomer"
          type="number"
          min={1}
          defaultValue={2}
          error={errors.maxPerCustomer}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <DateTimeField
          label="Sale starts"
          name="saleStartsAt"
          defaultValue={defaults.startsAt}
          error={errors.saleStartsAt}
        />
        <DateTimeField label="Sale ends" name="saleEndsAt" defaultValue={defaults.endsAt} error={errors.saleEndsAt} />
      </div>
      <WaitingRoomFields errors={errors} defaults={{ queueOpensAt: new Date().toISOString() }} />
      <Outcome result={result} success={(p) => `Created “${p.name}”. Open its sale from the inventory table.`} />
      <div className="flex justify-end">
        <Button type="submit" pending={pending} pendingLabel="Creating…">
          Create product
        </Button>
      </div>
    </form>
  );
}

export function ManageProductButton({ product }: { product: ProductMetrics }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="secondary"
        className="min-h-8 px-3 py-1 text-xs"
        onClick={() => setOpen(true)}
        aria-label={`Manage ${product.name}`}
      >
        Manage
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Manage ${product.name}`}>
        <SaleStateForm product={product} />
        {product.admission === "queue" ? <QueueStateForm product={product} /> : null}
        <RestockForm product={product} />
        <EditProductForm product={product} />
      </Dialog>
    </>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-3 border-t border-zinc-200 pt-5 first:border-t-0 first:pt-0">
      <h3 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">{title}</h3>
      {children}
    </section>
  );
}

function SaleStateForm({ product }: { product: ProductMetrics }) {
  const { result, run, pending } = useAdminAction(setSaleStateAction);
  const [which, setWhich] = useState<SaleActionInput["action"] | null>(null);
  const submit = (action: SaleActionInput["action"]) => {
    setWhich(action);
    const form = new FormData();
    form.set("productId", product.id);
    form.set("action", action);
    startTransition(() => run(form));
  };
  return (
    <Section title="Sale">
      <div className="flex flex-wrap gap-3">
        <Button
          onClick={() => submit("open")}
          disabled={pending}
          pending={pending && which === "open"}
          pendingLabel="Opening…"
        >
          Open now
        </Button>
        <Button
          variant="danger"
          onClick={() => submit("close")}
          disabled={pending}
          pending={pending && which === "close"}
          pendingLabel="Closing…"
        >
          Close now
        </Button>
      </div>
      <Outcome
        result={result}
        success={(p) =>
          which === "open"
            ? `The sale is open until ${new Date(p.saleEndsAt).toLocaleString()}.`
            : "The sale is closed."
        }
      />
    </Section>
  );
}

function RestockForm({ product }: { product: ProductMetrics }) {
  const { result, run, pending, errors, onSubmit } = useAdminAction(restockProductAction);
  return (
    <Section title="Restock">
      <form action={run} onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
        <input type="hidden" name="productId" value={product.id} />
        <Field
          label="Units to add"
          name="quantity"
          type="number"
          min={1}
          defaultValue={10}
          required
          error={errors.quantity}
          className="w-40"
        />
        <Button type="submit" pending={pending} pendingLabel="Restocking…">
          Add units
        </Button>
      </form>
      <Outcome result={result} success={(p) => `Restocked: ${p.available} available of ${p.totalStock}.`} />
    </Section>
  );
}

function EditProductForm({ product }: { product: ProductMetrics }) {
  const { result, run, pending, errors, onSubmit } = useAdminAction(updateProductAction);
  return (
    <Section title="Details">
      <form action={run} onSubmit={onSubmit} className="space-y-4" noValidate>
        <input type="hidden" name="productId" value={product.id} />
        <Field label="Name" name="name" defaultValue={product.name} required error={errors.name} />
        <TextAreaField
          label="Description"
          name="description"
          defaultValue={product.description}
          error={errors.description}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Price (USD)"
            name="price"
            inputMode="decimal"
            defaultValue={(product.priceCents / 100).toFixed(2)}
            error={errors.priceCents}
          />
          <Field
            label="Limit per customer"
            name="maxPerCustomer"
            type="number"
            min={1}
            defaultValue={product.maxPerCustomer}
            error={errors.maxPerCustomer}
          />
          <DateTimeField
            label="Sale starts"
            name="saleStartsAt"
            defaultValue={product.saleStartsAt}
            error={errors.saleStartsAt}
          />
          <DateTimeField
            label="Sale ends"
            name="saleEndsAt"
            defaultValue={product.saleEndsAt}
            error={errors.saleEndsAt}
          />
        </div>
        <WaitingRoomFields errors={errors} defaults={product} />
        <Outcome result={result} success={() => "Saved."} />
        <div className="flex justify-end">
          <Button type="submit" pending={pending} pendingLabel="Saving…">
            Save changes
          </Button>
        </div>
      </form>
    </Section>
  );
}

type WaitingRoomDefaults = {
  accountsOnly?: boolean;
  botCheck?: "off" | "proof_of_work";
  admission?: "first_come" | "queue";
  queueOpensAt?: string | null;
  admitPerMinute?: number;
  admissionTtlSeconds?: number;
};

/** Who may try (sign-in, proof of work), and admission: first come, or a waiting room with its opening,
 *  admit rate and time to buy. */
function WaitingRoomFields({ errors, defaults }: { errors: Record<string, string>; defaults: WaitingRoomDefaults }) {
  const [admission, setAdmission] = useState(defaults.admission ?? "first_come");
  const id = useId();
  return (
    <fieldset className="space-y-3 rounded-xl border border-zinc-200 p-4">
      <legend className="px-1 text-sm font-medium text-zinc-800">Admission</legend>
      <label className="flex items-center gap-2 text-sm text-zinc-800">
        <input type="checkbox" name="accountsOnly" defaultChecked={defaults.accountsOnly ?? false} />
        Signed-in customers only
      </label>
      <label htmlFor={`${id}-bot-check`} className="block text-sm text-zinc-800">
        Bot check
      </label>
      <select
        id={`${id}-bot-check`}
        name="botCheck"
        defaultValue={defaults.botCheck ?? "off"}
        className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-950"
      >
        <option value="off">None</option>
        <option value="proof_of_work">Proof of work with every hold and join</option>
      </select>
      {errors.botCheck ? <p className="text-sm text-red-700">{errors.botCheck}</p> : null}
      <label htmlFor={id} className="sr-only">
        Admission
      </label>
      <select
        id={id}
        name="admission"
        value={admission}
        onChange={(e) => setAdmission(e.target.value as "first_come" | "queue")}
        className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-950"
      >
        <option value="first_come">First come, first served</option>
        <option value="queue">Waiting room (a fair draw at the start, then in order)</option>
      </select>
      {admission === "queue" ? (
        <div className="grid gap-4 sm:grid-cols-3">
          <DateTimeField
            label="Waiting room opens"
            name="queueOpensAt"
            defaultValue={defaults.queueOpensAt ?? new Date().toISOString()}
            error={errors.queueOpensAt}
          />
          <Field
            label="Admit per minute"
            name="admitPerMinute"
            type="number"
            min={1}
            defaultValue={defaults.admitPerMinute ?? 60}
            error={errors.admitPerMinute}
          />
          <Field
            label="Time to buy (s)"
            name="admissionTtlSeconds"
            type="number"
            min={10}
            defaultValue={defaults.admissionTtlSeconds ?? 180}
            error={errors.admissionTtlSeconds}
          />
        </div>
      ) : null}
    </fieldset>
  );
}

function QueueStateForm({ product }: { product: ProductMetrics }) {
  const { result, run, pending } = useAdminAction(setQueueStateAction);
  const paused = result?.ok ? result.data.queuePaused : product.queuePaused;
  const submit = () => {
    const form = new FormData();
    form.set("productId", product.id);
    form.set("action", paused ? "resume" : "pause");
    startTransition(() => run(form));
  };
  return (
    <Section title="Waiting room">
      <p className="text-sm text-zinc-600">
        {paused ? "Admissions are paused; shoppers keep their places." : "Admitting shoppers in order of their places."}
      </p>
      <Button
        variant={paused ? "primary" : "danger"}
        onClick={submit}
        pending={pending}
        pendingLabel={paused ? "Resuming…" : "Pausing…"}
      >
        {paused ? "Resume admissions" : "Pause admissions"}
      </Button>
      <Outcome result={result} success={(p) => (p.queuePaused ? "Paused." : "Admitting again.")} />
    </Section>
  );
}
