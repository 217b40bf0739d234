// Where to send an operator after signing in. Pure. The value comes from the query string, so it is
// hostile: only a path on this site survives, normalised the way a browser resolves it and
// serialised as the WHATWG URL parser does (percent-encoded ASCII), so it is always a valid
// `Location` header value. Anything else (another host, `//evil`, `/\evil`, `/.//evil`, control
// characters, the login page or the API) becomes "/".
const BASE = new URL("http://next-path.invalid");
const MAX_LENGTH = 2000;

export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > MAX_LENGTH || !next.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== BASE.origin || !path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return "/";
  if (/^\/(login|api)(\/|$)/.test(url.pathname)) return "/";
  return path;
}

/** The login page, remembering a safe `next`. */
export function loginPath(next: string): string {
  const path = safeNextPath(next);
  return path === "/" ? "/login" : `/login?next=${encodeURIComponent(path)}`;
}
