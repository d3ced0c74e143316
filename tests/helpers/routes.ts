// Calling route handlers in-process, as Next.js does: the request and its path parameters.
// Each handler declares its own params type; this one accepts them all.
// biome-ignore lint/suspicious/noExplicitAny: a handler's params are whatever its route declares.
export type RouteHandler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

export const call = (handler: RouteHandler, request: Request, params: Record<string, unknown> = {}) =>
  handler(request, { params: Promise.resolve(params) });
