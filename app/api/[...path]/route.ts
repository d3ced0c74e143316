// Any other /api path: a JSON 404 in the contract's shape, never an HTML page
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { route } from "@/app/_lib/http";

// No endpoint here, so no query to check: whatever it holds, the answer is 404.
const notFound = route({ query: z.looseObject({}) }, async () => {
  throw new DomainError("not_found", "No such API endpoint.");
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
