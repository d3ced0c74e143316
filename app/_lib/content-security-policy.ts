// The pages' Content-Security-Policy: scripts run only with this response's nonce (Next.js puts it
// on its own scripts when the request carries the policy) and what those scripts load
// ('strict-dynamic'), so an injected inline script never runs. Eval only in development, where
// React's tooling needs it. Styles stay inline-capable: components set style attributes. Web Workers
// (the proof of work's solver) load only from this origin: worker-src, apart from script-src.
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Answers that are not pages (the API, files) run no script at all. */
export const NO_CONTENT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The bundler's Web Worker bootstrap (the proof of work's solver): a worker runs under the policy of its
 *  own script's answer, and this one loads its code from this origin (importScripts) and nothing else. */
export const WORKER_SCRIPT_POLICY = "default-src 'none'; script-src 'self'; base-uri 'none'; form-action 'none'";
export const WORKER_SCRIPT_PATH = "/_next/static/chunks/:file(turbopack-worker-[^/]+\\.js)";
