import { defineConfig } from "drizzle-kit";

// `npm run db:generate` diffs db/schema.ts against the committed migrations; it needs no database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
