"use client";
// The proof of work a Buy or Join button does first on a product with the bot check on: fetches a
// challenge from GET /api/challenge and solves it in a Web Worker, reporting progress (0..1) meanwhile.
import { useCallback, useRef, useState } from "react";
import type { Challenge } from "@/lib/bot-check/schemas";
import type { WorkerMessage } from "./proof-of-work.worker";

export function useProofOfWork() {
  const [progress, setProgress] = useState<number | null>(null);
  const worker = useRef<Worker | null>(null);

  const solve = useCallback(async (): Promise<string> => {
    setProgress(0);
    try {
      const response = await fetch("/api/challenge", { cache: "no-store" });
      if (!response.ok) throw new Error("The shop could not give a challenge. Please try again.");
      const challenge = (await response.json()) as Challenge;
      worker.current?.terminate();
      // A classic worker: the bundler's worker bootstrap loads its chunks with importScripts.
      const solver = new Worker(new URL("./proof-of-work.worker.ts", import.meta.url));
      worker.current = solver;
      return await new Promise<string>((resolve, reject) => {
        solver.onmessage = (event: MessageEvent<WorkerMessage>) => {
          const message = event.data;
          if ("progress" in message) setProgress(message.progress);
          else if ("solution" in message) resolve(message.solution);
          else reject(new Error(message.error));
        };
        solver.onerror = () => reject(new Error("The check could not run in this browser."));
        solver.postMessage(challenge);
      });
    } finally {
      worker.current?.terminate();
      worker.current = null;
      setProgress(null);
    }
  }, []);

  return { solve, progress };
}
