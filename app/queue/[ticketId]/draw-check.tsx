"use client";
// The draw, checked in the browser: the published seed against the commitment made before the start,
// the shopper's own key sha256hex(seed + ticketId) recomputed here (Web Crypto), the list of keys in
// order, and the rank of the key in it, which is the shopper's place.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Draw, Ticket } from "@/lib/queue/schemas";
import { Card } from "@/app/_components/ui/card";

async function sha256hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

type Check = { commitmentOk: boolean; key: string; rank: number | null; ordered: boolean; entrants: number };

export function DrawCheck({ productId, ticket }: { productId: string; ticket: Ticket }) {
  const { data: draw } = useQuery({
    queryKey: ["draw", productId],
    queryFn: async () => {
      const response = await fetch(`/api/products/${productId}/draw`, { cache: "no-store" });
      if (!response.ok) throw new Error(`GET /api/products/${productId}/draw answered ${response.status}`);
      return (await response.json()) as Draw;
    },
    refetchInterval: (query) => (query.state.data?.seed ? false : 2_000),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [check, setCheck] = useState<Check | null>(null);
  const [unsupported, setUnsupported] = useState(false);

  useEffect(() => {
    if (!draw?.seed) return;
    if (!globalThis.crypto?.subtle) {
      setUnsupported(true);
      return;
    }
    let cancelled = false;
    void (async () => {
      const [commitment, key] = await Promise.all([sha256hex(draw.seed!), sha256hex(draw.seed! + ticket.id)]);
      const index = draw.entries.indexOf(key);
      const ordered = draw.entries.every((k, i) => i === 0 || draw.entries[i - 1]! <= k);
      if (!cancelled)
        setCheck({
          commitmentOk: commitment === draw.commitment,
          key,
          rank: index >= 0 ? index + 1 : null,
          ordered,
          entrants: draw.entries.length,
        });
    })();
    return () => {
      cancelled = true;
    };
  }, [draw, ticket.id]);

  if (!draw?.seed) return null;
  return (
    <Card className="p-5 sm:p-6" data-testid="draw-check">
      <h2 className="text-base font-semibold text-zinc-950">Check the draw yourself</h2>
      <p className="mt-1 text-sm text-zinc-600">
        Before the start the shop published a commitment, the SHA-256 of a secret seed. At the start it revealed the
        seed and ordered the pre-queue by SHA-256(seed + ticket id). Your browser has just recomputed it.
      </p>
      <dl className="mt-4 space-y-3 text-sm">
        <Row label="Commitment (published before the start)" value={draw.commitment} />
        <Row label="Seed (revealed at the start)" value={draw.seed} />
        {check ? <Row label="Your key: SHA-256(seed + your ticket id)" value={check.key} /> : null}
      </dl>
      {unsupported ? (
        <p className="mt-4 text-sm text-zinc-600">This browser cannot compute SHA-256 here (it needs HTTPS).</p>
      ) : check ? (
        <ul className="mt-4 space-y-1 text-sm">
          <Verdict ok={check.commitmentOk} testId="check-commitment">
            {check.commitmentOk ? "The seed matches the commitment." : "The seed does NOT match the commitment."}
          </Verdict>
          <Verdict ok={check.ordered} testId="check-order">
            {check.ordered
              ? `The ${check.entrants} keys of the pre-queue are in order.`
              : "The published keys are NOT in order."}
          </Verdict>
          {check.rank !== null ? (
            <Verdict ok={check.rank === ticket.position} testId="check-rank">
              Your key is number {check.rank} of {check.entrants}
              {check.rank === ticket.position ? ": exactly your place." : `, but your place is ${ticket.position}.`}
            </Verdict>
          ) : (
            <li data-testid="check-rank">
              You joined after the start: your place follows the pre-queue, in the order shoppers arrived.
            </li>
          )}
        </ul>
      ) : (
        <p className="mt-4 text-sm text-zinc-600">Checking…</p>
      )}
    </Card>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-0.5 break-all font-mono text-xs text-zinc-900">{value}</dd>
    </div>
  );
}

function Verdict({ ok, testId, children }: { ok: boolean; testId: string; children: React.ReactNode }) {
  return (
    <li data-testid={testId} data-ok={ok} className={ok ? "text-emerald-800" : "font-semibold text-rose-700"}>
      <span aria-hidden="true">{ok ? "✓ " : "✗ "}</span>
      {children}
    </li>
  );
}
