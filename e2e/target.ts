// The app the suite runs against: the local production build it starts itself (the default), or
// any deployment named by E2E_BASE_URL, whose admin is ADMIN_EMAIL / ADMIN_PASSWORD. Against a
// deployment the suite arranges everything through the HTTP API and skips, with the reason, what
// only the local server gives.
import { E2E_PORT, LOCAL_ADMIN } from "./database";

const configured = process.env.E2E_BASE_URL?.trim();

/** True when the suite runs against a deployment it did not start. */
export const remote = !!configured;

export const baseURL = configured ? new URL(configured).origin : `http://127.0.0.1:${E2E_PORT}`;

function remoteAdmin(): { email: string; password: string } {
  const email = process.env.ADMIN_EMAIL?.trim();
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password) {
    throw new Error(`E2E_BASE_URL is set (${configured}): set ADMIN_EMAIL and ADMIN_PASSWORD to an admin of it.`);
  }
  return { email: email.toLowerCase(), password };
}

/** The admin the suite signs in as: the e2e server's own, or the deployment's. */
export const ADMIN = remote ? remoteAdmin() : LOCAL_ADMIN;

/** Why a test cannot run against a deployment: what it needs that only the local server gives. */
export const localOnly = {
  secondProcess: "local only: starts more app processes on the e2e database, which only a local run can reach",
  demoSeed: "local only: expects the demo products, which a deployment may not seed (SEED_DEMO)",
} as const;
