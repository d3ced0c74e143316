// Where to go after signing in: a path on this site, never another origin. Browsers drop tabs and
// newlines from URLs and read a backslash as a slash, so "/\t/evil.example" or "/\\evil.example"
// would leave the site: anything with a control character or a backslash is refused, and what is
// left must resolve to this origin. Returns path, query and hash.
const SITE = "http://return-to.invalid";
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

export function safeReturnTo(value: string | string[] | undefined | null, fallback = "/"): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw?.startsWith("/") || UNSAFE.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, SITE);
  } catch {
    return fallback;
  }
  return url.origin === SITE ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

/** next-auth's redirect after sign-in and sign-out: a same-origin URL, or the site's root. */
export function safeRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  let path: string | undefined = url;
  try {
    const absolute = new URL(url);
    path =
      absolute.origin === new URL(baseUrl).origin
        ? `${absolute.pathname}${absolute.search}${absolute.hash}`
        : undefined;
  } catch {
    // Not absolute: a path, checked as one.
  }
  return `${baseUrl.replace(/\/$/, "")}${safeReturnTo(path)}`;
}
