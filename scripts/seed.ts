// npm run db:seed: migrates, then creates the admin account and, on an empty database, the demo products.
import { withDatabase } from "./with-database";

await withDatabase(async () => {
  const { prepareDatabase } = await import("../lib/startup");
  await prepareDatabase();
});
