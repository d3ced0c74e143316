// Stands in for `server-only` outside Next.js.
export {};
