// Stops a child process the scripts and suites started: SIGTERM, then SIGKILL if it has not exited
// within `graceMs`. Resolves once it has exited (or at once if it already had).
import type { ChildProcess } from "node:child_process";

export async function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = "SIGTERM",
  graceMs = 5_000,
): Promise<void> {
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  if (gone()) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
  if (!gone()) {
    child.kill("SIGKILL");
    await exited;
  }
}
