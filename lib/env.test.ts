import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { altchaHmacSecret, authSecret, reloadEnv } from "./env";

const saved = { ...process.env };
const example = parseEnv(readFileSync(".env.example", "utf8"));

function useEnv(values: Record<string, string>) {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, values);
  return reloadEnv();
}

afterEach(() => {
  useEnv(saved as Record<string, string>);
});

describe("configuration from a verbatim copy of .env.example", () => {
  it("is valid in development, every blank read as unset", () => {
    const config = useEnv({ ...example, NODE_ENV: "development" });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ADMIN_EMAIL).toBeUndefined();
    expect(config.SEED_DEMO).toBe(true);
    expect(config.TRUSTED_PROXY_HEADER).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it("is valid in production once the secrets are filled in, and needs them", () => {
    const secrets = { AUTH_SECRET: "x".repeat(32), ADMIN_EMAIL: "Ops@Example.com", ADMIN_PASSWORD: "a-long-password" };
    const config = useEnv({ ...example, ...secrets, NODE_ENV: "production" });
    expect(config).toMatchObject({ ADMIN_EMAIL: "ops@example.com", SEED_DEMO: false, WEB_CONCURRENCY: 1 });
    useEnv({ ...example, NODE_ENV: "production" });
    expect(() => authSecret()).toThrow(/AUTH_SECRET must be set in production/);
    expect(() => altchaHmacSecret()).toThrow(/ALTCHA_HMAC_SECRET must be set in production/);
  });

  it("signs proof-of-work challenges with ALTCHA_HMAC_SECRET, or else in development one key per process", () => {
    useEnv({ ...example, NODE_ENV: "production", ALTCHA_HMAC_SECRET: "s".repeat(32) });
    expect(altchaHmacSecret()).toBe("s".repeat(32));
    useEnv({ ...example, NODE_ENV: "development" });
    expect(altchaHmacSecret()).toHaveLength(43);
    expect(altchaHmacSecret()).toBe(altchaHmacSecret());
    expect(() => useEnv({ ...example, ALTCHA_HMAC_SECRET: "short" })).toThrow(/ALTCHA_HMAC_SECRET/);
  });

  it("refuses two sources for the client's address", () => {
    expect(() => useEnv({ ...example, TRUSTED_PROXY_HEADER: "x-real-ip", TRUSTED_PROXY_HOPS: "1" })).toThrow(
      /TRUSTED_PROXY_HOPS: set TRUSTED_PROXY_HEADER or TRUSTED_PROXY_HOPS, not both/,
    );
  });
});
