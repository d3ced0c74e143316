// Preloaded (node --import) into every app server process by the launcher, scripts/serve.ts. Next.js
// creates the HTTP server itself and exposes neither its timeouts nor the connection's address, so
// this sets them on the server as it is created:
// - keep-alive and header timeouts above a load balancer's idle timeout (65 s / 66 s by default), so
//   the server never closes a kept-alive connection the balancer is about to reuse;
// - the address of the TCP peer, written into a request header that is overwritten on every request
//   (a client cannot set it) and that app/_lib/client-ip.ts trusts only while this hook is loaded.
// The launcher validated both timeouts (lib/env.ts) before it started this process.
import http from "node:http";

export const PEER_ADDRESS_HEADER = "x-flash-sale-peer-address";

const keepAliveTimeout = Number(process.env.KEEP_ALIVE_TIMEOUT_MS || 65_000);
const headersTimeout = Number(process.env.HEADERS_TIMEOUT_MS || 66_000);
const createServer = http.createServer;

http.createServer = function createServerWithHooks(...args) {
  const server = createServer.apply(this, args);
  server.keepAliveTimeout = keepAliveTimeout;
  server.headersTimeout = headersTimeout;
  server.prependListener("request", (request) => {
    request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  });
  return server;
};

globalThis.__flashSalePeerAddressHeader = PEER_ADDRESS_HEADER;
