// Child Node.js processes for the suites: one way to run one and collect what it printed.
import { spawn } from "node:child_process";
import path from "node:path";

export type Run = { code: number | null; stdout: string; stderr: string };

/** Runs `node ...args` with `input` on its standard input (closed at once when there is none) and
 *  resolves with its exit code and output; one still running after `timeoutMs` is killed (code null). */
export function runNode(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const timer = options.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), options.timeoutMs) : undefined;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** TypeScript as `npm run` runs the repository's scripts: through tsx, with React's server exports. */
const TSX = ["--conditions=react-server", "--import", "tsx"];

/** Runs one of the repository's scripts (scripts/<name>.ts) as `npm run` does. */
export function runScript(name: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return runNode([...TSX, path.join(import.meta.dirname, "../../scripts", `${name}.ts`), ...args], options);
}

/** Runs a TypeScript helper of tests/helpers in a new Node.js process (its own pool) and returns the
 *  JSON it printed last. */
export async function runWorker<T>(script: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  const run = await runNode([...TSX, path.join(import.meta.dirname, script), ...args], {
    env: { ...process.env, ...env },
  });
  if (run.code !== 0) throw new Error(`${script} exited ${run.code}: ${run.stderr}`);
  try {
    return JSON.parse(run.stdout.trim().split("\n").pop()!) as T;
  } catch {
    throw new Error(`${script} printed no JSON: ${run.stdout} ${run.stderr}`);
  }
}
