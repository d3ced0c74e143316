// PostgreSQL connection URLs: which database one names, and the same server's URL for another
// database. Free of imports, so the app can use it without pulling in the embedded server.

/** The database a URL names. */
export const databaseNameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** The same server's URL with another database name in it. */
export function databaseUrlFor(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
