import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./helpers/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await createTestDatabase({ name: "test-pg", database: "flash_sale_test", port: Number(process.env.TEST_PG_PORT ?? 54321) });
  project.provide("databaseUrl", database.url);
  return database.stop;
}
