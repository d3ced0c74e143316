// A real PgBouncer (Debian 12 ships 1.18) in front of a PostgreSQL server, for the tests: its own
// configuration in a temporary directory, run in the foreground as a child process and stopped by
// its PID. PgBouncer refuses to run as root, so under root it runs as `nobody` (-u), and its files
// are made readable for that user.
import { spawn } from "node:child_process";
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { stopProcess } from "../../scripts/load/stop-process";

/** The pgbouncer binary: Debian's /usr/sbin/pgbouncer, or one on PATH; undefined when there is none. */
export function findPgbouncer(): string | undefined {
  const dirs = ["/usr/sbin", "/usr/local/sbin", ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const candidate = path.join(dir, "pgbouncer");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export type PgbouncerOptions = {
  binary: string;
  port: number;
  /** The PostgreSQL server behind it. */
  server: { host: string; port: number };
  /** The databases PgBouncer offers, each leading to the server's database of the same name. */
  databases: string[];
  /** Who may log in, with their passwords; PgBouncer logs in to the server as the same user. */
  users: Record<string, string>;
  /** Server connections per database and user: fewer than the clients, so sessions are shared. */
  poolSize: number;
};

export type Pgbouncer = {
  url: (user: string, database: string) => string;
  /** What PgBouncer has written to stderr so far. */
  log: () => string;
  stop: () => Promise<void>;
};

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startPgbouncer(options: PgbouncerOptions): Promise<Pgbouncer> {
  if (await portAnswers(options.port)) throw new Error(`port ${options.port} is taken by another process`);
  const dir = mkdtempSync(path.join(tmpdir(), "flash-sale-pgbouncer-"));
  chmodSync(dir, 0o755);
  const authFile = path.join(dir, "userlist.txt");
  const configFile = path.join(dir, "pgbouncer.ini");
  const users = Object.entries(options.users).map(([u, p]) => `${quote(u)} ${quote(p)}\n`);
  writeFileSync(authFile, users.join(""), { mode: 0o644 });
  const { host, port } = options.server;
  writeFileSync(
    configFile,
    [
      "[databases]",
      ...options.databases.map((db) => `${db} = host=${host} port=${port} dbname=${db}`),
      "",
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${options.port}`,
      "unix_socket_dir =",
      "auth_type = md5",
      `auth_file = ${authFile}`,
      "pool_mode = transaction",
      `default_pool_size = ${options.poolSize}`,
      "max_client_conn = 1000",
      // No ignore_startup_parameters: the app must send none that PgBouncer does not know.
      "",
    ].join("\n"),
    { mode: 0o644 },
  );

  const args = userInfo().uid === 0 ? ["-u", "nobody", configFile] : [configFile];
  const child = spawn(options.binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (d) => (log += d));
  const orphanGuard = () => child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  const stop = async () => {
    process.off("exit", orphanGuard);
    // SIGTERM: immediate shutdown, closing every client and server connection.
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  while (!(await portAnswers(options.port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`pgbouncer did not start (exit ${child.exitCode}):\n${log}`);
    }
    await sleep(50);
  }
  return {
    url: (user, database) => {
      const password = encodeURIComponent(options.users[user] ?? "");
      return `postgres://${encodeURIComponent(user)}:${password}@127.0.0.1:${options.port}/${database}`;
    },
    log: () => log,
    stop,
  };
}
