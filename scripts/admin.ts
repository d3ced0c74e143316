// npm run admin -- create EMAIL | promote EMAIL: admin accounts from the command line, on DATABASE_URL
// or the embedded development database. The password of `create` comes from ADMIN_PASSWORD or
// standard input (a prompt without echo on a terminal, one line when piped), never from an
// argument. The rules live in lib/users; this only maps their errors to one line and an exit code:
// 0 done, 2 refused (bad input, nothing written), 1 failed (e.g. the database is unreachable).
import { migrateDatabase } from "../db/migrate";
import { DomainError } from "../lib/errors";
import { env } from "../lib/env";
import { withDatabase } from "./with-database";

const USAGE = `Usage: npm run admin -- create EMAIL    create an admin account
       npm run admin -- promote EMAIL   give an existing account the admin role

The password of a new account is read from ADMIN_PASSWORD, or else from standard input: typed
at a prompt (not shown) on a terminal, or the first line of what is piped in. It is never an
argument. It follows the registration rules (8 to 128 characters, not a common password).
Exit codes: 0 done, 2 refused (nothing was written), 1 failed.`;

/** Bad input found before any lib/ command ran: exit 2. */
class Refusal extends Error {}
/** Ctrl-C at the prompt. */
class Cancelled extends Error {}

const REFUSED = 2;

async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const [command, email, ...extra] = args;
  if (!command) throw new Refusal("Name a command: create EMAIL or promote EMAIL (see --help).");
  if (command !== "create" && command !== "promote") {
    throw new Refusal(`Unknown command "${command}": use create EMAIL or promote EMAIL (see --help).`);
  }
  if (!email) throw new Refusal(`Name the account's e-mail: npm run admin -- ${command} EMAIL.`);
  // Never echoed: an extra argument may well be a password.
  if (extra.length) {
    throw new Refusal(
      `${command} takes one argument, the e-mail; a password is never given as an argument ` +
        "(set ADMIN_PASSWORD or type it when asked).",
    );
  }

  if (command === "create") {
    const password = await readPassword(email);
    const user = await onMigratedDatabase(async () => {
      const { createAdmin } = await import("../lib/users/create-admin");
      return createAdmin({ email, password });
    });
    console.log(`Created the admin account ${user.email}.`);
  } else {
    const { user, promoted } = await onMigratedDatabase(async () => {
      const { promoteToAdmin } = await import("../lib/users/promote-to-admin");
      return promoteToAdmin({ email });
    });
    console.log(promoted ? `${user.email} is now an admin.` : `${user.email} is already an admin.`);
  }
  return 0;
}

/** The first admin may well come before the app's first start: the schema is brought up to date first. */
function onMigratedDatabase<T>(work: () => Promise<T>): Promise<T> {
  return withDatabase(async () => {
    await migrateDatabase(env().DATABASE_URL!);
    return work();
  });
}

async function readPassword(email: string): Promise<string> {
  const configured = env().ADMIN_PASSWORD;
  if (configured) return configured;
  if (process.stdin.isTTY) {
    const first = await promptHidden(`Password for ${email}: `);
    const again = await promptHidden("The same password again: ");
    if (first !== again) throw new Refusal("The two passwords differ.");
    return first;
  }
  const piped = await readFirstLine(process.stdin);
  if (!piped) throw new Refusal("No password: set ADMIN_PASSWORD, or give it on standard input.");
  return piped;
}

async function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  return text.split("\n")[0]!.replace(/\r$/, "");
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value: string[] = [];
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(value.join(""));
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") return finish();
        if (char === "\u0003") return finish(new Cancelled("Cancelled."));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else if (char === "\u0015") value = [];
        else if (char >= " ") value.push(char);
      }
    };
    stdin.on("data", onData);
  });
}

const field: Record<string, string> = { email: "the e-mail", password: "the password" };

/** One line for the operator; the hint names the other command where it is the way out. */
function describe(error: DomainError, command: string | undefined, email: string | undefined): string {
  if (error.code === "invalid_request" && error.issues?.length) {
    return `Refused: ${error.issues.map((i) => `${field[i.path] ?? i.path} ${i.message}`).join("; ")}.`;
  }
  if (error.code === "email_taken" && command === "create") {
    return `${error.message} To make it an admin: npm run admin -- promote ${email}`;
  }
  if (error.code === "not_found" && command === "promote") {
    return `${error.message} To create it: npm run admin -- create ${email}`;
  }
  return error.message;
}

const args = process.argv.slice(2);
let code: number;
try {
  code = await main(args);
} catch (error) {
  const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim();
  if (error instanceof Refusal) {
    console.error(error.message);
    code = REFUSED;
  } else if (error instanceof Cancelled) {
    console.error(error.message);
    code = 130;
  } else if (error instanceof DomainError) {
    console.error(describe(error, args[0], args[1]));
    code = ["invalid_request", "email_taken", "not_found"].includes(error.code) ? REFUSED : 1;
  } else if (error instanceof Error && error.message.startsWith("Invalid environment configuration")) {
    console.error(oneLine(error.message));
    code = REFUSED;
  } else {
    console.error(`Failed: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    code = 1;
  }
}
process.exit(code);
