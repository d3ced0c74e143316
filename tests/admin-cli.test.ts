// The first admin: `npm run admin -- create|promote EMAIL` run as a real process against the test
// database, and the configured admin that every start and `npm run db:seed` create, production
// included.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { asc } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { unschedulePgCronExpiry } from "@/db/pg-cron";
import { users } from "@/db/schema";
import { databaseUrlFor } from "@/db/database-url";
import { recreateDatabase } from "@/db/server";
import { db } from "@/lib/db";
import { authenticate } from "@/lib/users/authenticate";
import { hashPassword, verifyPassword } from "@/lib/users/password";
import { registerUser } from "@/lib/users/register-user";
import { guestEmail } from "./helpers/fixtures";
import { runScript } from "./helpers/processes";

// The test's own environment, without an ADMIN_PASSWORD a developer may have exported.
function scriptEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { ADMIN_PASSWORD: _password, ADMIN_EMAIL: _email, SEED_DEMO: _seed, ...rest } = process.env;
  return { ...rest, DATABASE_URL: inject("databaseUrl"), ...extra };
}

const admin = (args: string[], input?: string, env?: Record<string, string>) =>
  runScript("admin", args, { input, env: scriptEnv(env) });

const usersTable = () => db().select().from(users).orderBy(asc(users.email));
const signIn = (email: string, password: string) => authenticate({ email, password }, { clientIp: "192.0.2.201" });
const STACK_FRAME = /^\s+at /m;

describe("npm run admin -- create", () => {
  it("creates an admin from a password piped on standard input, who can then sign in", async () => {
    const email = guestEmail("cli-admin");
    const result = await admin(["create", email.toUpperCase()], "a sturdy passphrase\n");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created the admin account ${email}.`);
    expect(await signIn(email, "a sturdy passphrase")).toMatchObject({ email, role: "admin" });
  });

  it("takes the password from ADMIN_PASSWORD when it is set", async () => {
    const email = guestEmail("cli-env");
    const result = await admin(["create", email], "", { ADMIN_PASSWORD: "from the environment" });
    expect(result.code).toBe(0);
    expect(await signIn(email, "from the environment")).toMatchObject({ email, role: "admin" });
  });

  // script(1) (util-linux) gives the CLI a pseudo-terminal; two lines answer the prompt and its repetition.
  it.skipIf(!existsSync("/usr/bin/script"))("prompts on a terminal without echoing the password", async () => {
    const email = guestEmail("cli-tty");
    const command = `${process.execPath} --conditions=react-server --import tsx scripts/admin.ts create ${email}`;
    const child = spawn("script", ["-qec", command, "/dev/null"], { env: scriptEnv() });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    const typed = async (text: string, prompt: RegExp) => {
      await expect.poll(() => output, { timeout: 20_000 }).toMatch(prompt);
      child.stdin.write(text);
    };
    await typed("a terminal passphrase\r", /Password for/);
    await typed("a terminal passphrase\r", /same password again/);
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(output).toContain(`Created the admin account ${email}.`);
    expect(output).not.toContain("terminal passphrase");
    expect(code).toBe(0);
    expect(await signIn(email, "a terminal passphrase")).toMatchObject({ role: "admin" });
  });
});

describe("npm run admin -- promote", () => {
  it("gives a customer the admin role and keeps their password", async () => {
    const email = guestEmail("cli-customer");
    await registerUser({ email, password: "customer passphrase" }, { clientIp: "192.0.2.202" });
    const result = await admin(["promote", email]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${email} is now an admin.`);
    expect(await signIn(email, "customer passphrase")).toMatchObject({ email, role: "admin" });

    const again = await admin(["promote", email]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${email} is already an admin.`);
  });
});

describe("npm run admin refuses bad input with one line and exit code 2, writing nothing", () => {
  const taken = guestEmail("cli-taken");
  beforeAll(async () => {
    await registerUser({ email: taken, password: "customer passphrase" }, { clientIp: "192.0.2.203" });
  });

  const passphrase = "a sturdy passphrase\n";
  it.each([
    ["no command", [], "", /Name a command/],
    ["an unknown command", ["frobnicate", "someone@example.com"], "", /Unknown command "frobnicate"/],
    ["no e-mail", ["create"], passphrase, /Name the account's e-mail/],
    ["a malformed e-mail", ["create", "not-an-email"], passphrase, /Refused: the e-mail must be an e-mail address/],
    ["a short password", ["create", guestEmail("weak")], "k9#m\n", /Refused: the password must be at least 8/],
    ["a common password", ["create", guestEmail("weak")], "password123\n", /Refused: the password is too common/],
    ["no password", ["create", guestEmail("cli-none")], "", /No password/],
    ["create for an e-mail that has an account", ["create", taken], passphrase, /already exists.*promote/],
    ["promote for an unknown e-mail", ["promote", guestEmail("nobody")], "", /No account has the e-mail.*create /],
    ["a password as an argument", ["create", guestEmail(), "an argument passphrase"], "", /never given as an argument/],
    ["a malformed e-mail to promote", ["promote", "@example"], "", /Refused: the e-mail must be an e-mail address/],
  ])("%s", async (_case, args, input, message) => {
    const before = await usersTable();
    const result = await admin(args, input);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stderr + result.stdout).not.toContain("an argument passphrase");
    expect(await usersTable()).toEqual(before);
  });

  it("refuses a weak ADMIN_PASSWORD the same way", async () => {
    const before = await usersTable();
    const result = await admin(["create", guestEmail("cli-env-weak")], "", { ADMIN_PASSWORD: "aaaaaaaaaa" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Refused: the password is too simple/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(await usersTable()).toEqual(before);
  });

  it("prints the usage on --help and exits 0", async () => {
    const result = await admin(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/npm run admin -- create EMAIL/);
    expect(result.stdout).toMatch(/npm run admin -- promote EMAIL/);
  });
});

describe("the configured admin in production (npm run db:seed, as every start does)", () => {
  const url = databaseUrlFor(inject("databaseUrl"), "flash_sale_first_admin_test");
  let sql: postgres.Sql;
  const production = (extra: Record<string, string>) =>
    scriptEnv({ NODE_ENV: "production", DATABASE_URL: url, ...extra });

  beforeAll(async () => {
    await recreateDatabase(url);
    sql = postgres(url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql.end({ timeout: 5 });
    await unschedulePgCronExpiry(url).catch(() => false);
    const server = postgres(databaseUrlFor(url, "postgres"), { max: 1, onnotice: () => {} });
    await server.unsafe(`drop database if exists flash_sale_first_admin_test with (force)`);
    await server.end({ timeout: 5 });
  });

  it("creates the admin and no demo products when SEED_DEMO is unset", async () => {
    const env = production({ ADMIN_EMAIL: "owner@shop.example", ADMIN_PASSWORD: "first admin passphrase" });
    const seeded = await runScript("seed", [], { env });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain("Created the admin account owner@shop.example.");
    const rows = await sql<{ role: string; password_hash: string }[]>`
      select role, password_hash from users where email = 'owner@shop.example'`;
    expect(rows.map((r) => r.role)).toEqual(["admin"]);
    expect(await verifyPassword(rows[0]!.password_hash, "first admin passphrase")).toBe(true);
    expect(await sql`select id from products`).toHaveLength(0);

    // Every later start finds it and changes nothing.
    const again = await runScript("seed", [], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain("admin account");
    expect(await sql`select id from users`).toHaveLength(1);
  });

  it("promotes an existing account and keeps its password", async () => {
    const hash = await hashPassword("the customer's own passphrase");
    await sql`insert into users (email, password_hash, role) values ('manager@shop.example', ${hash}, 'customer')`;
    const env = production({ ADMIN_EMAIL: "manager@shop.example", ADMIN_PASSWORD: "configured passphrase" });
    const seeded = await runScript("seed", [], { env });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain("manager@shop.example the admin role; its password is unchanged");
    const [row] = await sql<{ role: string; password_hash: string }[]>`
      select role, password_hash from users where email = 'manager@shop.example'`;
    expect(row!.role).toBe("admin");
    expect(row!.password_hash).toBe(hash);
  });

  it("says so when production has no ADMIN_PASSWORD and no admin exists", async () => {
    await sql`delete from users`;
    const seeded = await runScript("seed", [], { env: production({}) });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain("No admin account");
    expect(await sql`select id from users`).toHaveLength(0);
  });
});
