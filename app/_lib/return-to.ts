// Where to go after signing in: only a path on this site, never another origin.
export function safeReturnTo(value: string | string[] | undefined, fallback = "/"): string {
  const path = Array.isArray(value) ? value[0] : value;
  return path && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : fallback;
}
