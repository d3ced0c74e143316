// What a shopper sees of the proof of work: a progress bar while the browser solves it, and without
// JavaScript a plain note that the check needs it.
import { useId } from "react";

export function ProofOfWorkProgress({ progress }: { progress: number | null }) {
  const id = useId();
  if (progress === null) return null;
  const percent = Math.round(progress * 100);
  return (
    <div className="space-y-1" data-testid="proof-of-work">
      <p className="text-xs text-zinc-600" id={id}>
        Checking this is a real browser… {percent}%
      </p>
      <div
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-1.5 overflow-hidden rounded-full bg-zinc-200"
      >
        <div className="h-full bg-zinc-900 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

export function ProofOfWorkNeedsJavaScript() {
  return (
    <noscript>
      <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900" data-testid="proof-of-work-needs-javascript">
        This sale asks your browser for a short proof of work against bots, which needs JavaScript. Switch JavaScript on
        to continue.
      </p>
    </noscript>
  );
}
