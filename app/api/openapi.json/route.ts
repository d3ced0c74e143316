// GET /api/openapi.json: the OpenAPI 3.1 document, generated from the request schemas
import { openApiDocument } from "@/lib/openapi/document";
import { json, otherMethods, route } from "@/app/_lib/http";

// The document itself is not one of its operations.
export const GET = route({ access: "anyone" }, async () => json(openApiDocument()));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
