// The Web Worker that solves a proof-of-work challenge off the page's thread: it receives the challenge,
// posts its progress (0..1) as it goes, then the solution, or an error.
import { solveChallenge } from "@/lib/bot-check/solve-challenge";
import type { Challenge } from "@/lib/bot-check/schemas";

export type WorkerMessage = { progress: number } | { solution: string } | { error: string };

const post = (message: WorkerMessage) => self.postMessage(message);

self.onmessage = (event: MessageEvent<Challenge>) => {
  solveChallenge(event.data, (progress) => post({ progress })).then(
    (solution) => post({ solution }),
    (error: unknown) => post({ error: error instanceof Error ? error.message : String(error) }),
  );
};
