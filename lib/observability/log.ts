// The process's structured log: one JSON object a line on standard output (pino), at LOG_LEVEL.
// pino because it is the fastest JSON logger for Node (a line costs a few microseconds and the
// writes leave the request path: sonic-boom writes asynchronously), it is what log pipelines
// expect (level, time, msg), and Next.js already keeps it outside its bundles. In development,
// with pino-pretty installed (a dev dependency), lines are printed readably instead; production
// never loads it. Nothing secret is logged: no headers, cookies, tokens or passwords are ever
// passed in, and e-mail addresses in messages and errors are masked (a***@example.com).
import { createRequire } from "node:module";
import path from "node:path";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "../env";

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** "alice@example.com" -> "a***@example.com", in any text. */
export function maskEmails(text: string): string {
  return text.replace(EMAIL, "$1***@$2");
}

function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: maskEmails(String(error)) };
  const e = error as Error & { code?: unknown; cause?: unknown };
  return {
    type: e.name,
    message: maskEmails(e.message),
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(e.stack ? { stack: maskEmails(e.stack) } : {}),
    ...(e.cause ? { cause: serializeError(e.cause) } : {}),
  };
}

/** pino-pretty, when it is installed (a dev dependency) and this is development; never bundled. */
function prettyStream(): DestinationStream | undefined {
  if (env().NODE_ENV !== "development") return undefined;
  try {
    const load = createRequire(path.join(process.cwd(), "package.json"));
    const pretty = load("pino-pretty") as (options: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" });
  } catch {
    return undefined;
  }
}

function createLogger(): Logger {
  const config = env();
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { pid: process.pid },
      serializers: { err: serializeError },
      hooks: {
        // Messages are masked too: an e-mail must never reach a line, whoever wrote the message.
        logMethod(args, method) {
          if (typeof args[0] === "string") args[0] = maskEmails(args[0]);
          else if (typeof args[1] === "string") args[1] = maskEmails(args[1]);
          method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    prettyStream() ?? pino.destination({ dest: 1, sync: false }),
  );
}

const globalForLog = globalThis as unknown as { __flashSaleLogger?: Logger };

/** The process's logger (one per process, shared by every bundle that imports this module). */
export function logger(): Logger {
  globalForLog.__flashSaleLogger ??= createLogger();
  return globalForLog.__flashSaleLogger;
}

/** A console-shaped adapter for code that logs lines (the sweeper, start-up): each line becomes
 *  one structured line with `event`, errors at level error with their detail serialized. */
export function structuredLog(event: string): Pick<Console, "log" | "error"> {
  const text = (parts: unknown[]) =>
    parts
      .filter((p) => !(p instanceof Error))
      .map(String)
      .join(" ");
  return {
    log: (...parts: unknown[]) => logger().info({ event }, text(parts)),
    error: (...parts: unknown[]) => {
      const err = parts.find((p) => p instanceof Error);
      logger().error({ event, ...(err ? { err } : {}) }, text(parts));
    },
  };
}
