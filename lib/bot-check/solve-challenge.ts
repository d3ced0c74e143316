// solveChallenge: finds the number of an ALTCHA challenge with altcha-lib's solver, a slice at a time so a
// caller can show progress, and returns the solution as holds and joins carry it (`altcha`: base64 JSON).
// Client-safe (Web Crypto, btoa): the browser's Web Worker, the load test, the bench and the tests all use it.
import { solveChallenge as solveRange } from "altcha-lib/v1";
import type { Challenge } from "./schemas";

const SLICE = 2_000;

export async function solveChallenge(challenge: Challenge, onProgress?: (fraction: number) => void): Promise<string> {
  for (let start = 0; start <= challenge.maxnumber; start += SLICE) {
    const end = Math.min(start + SLICE - 1, challenge.maxnumber);
    const found = await solveRange(challenge.challenge, challenge.salt, challenge.algorithm, end, start).promise;
    if (found) {
      onProgress?.(1);
      const { algorithm, salt, signature } = challenge;
      return btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number: found.number, salt, signature }));
    }
    onProgress?.((end + 1) / (challenge.maxnumber + 1));
  }
  throw new Error("The challenge has no solution in its range.");
}
