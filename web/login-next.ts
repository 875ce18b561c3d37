/**
 * Where to go after logging in: the `next` query parameter when it is a path on this server, else `/`. Anything that
 * could leave the site is refused (`//evil.example`, `/\evil.example`, `https://…`, `javascript:`): the login page
 * must not be an open redirect that sends a freshly logged-in user to a look-alike site.
 */
export function safeNext(next: string | null): string {
  if (!next || next.length > 2048) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters and backslashes are normalized by browsers into surprising URLs: refuse them outright.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  return next;
}

/** Where the login page is, coming back to `path` (the page the user was on). */
export function loginUrl(path: string): string {
  return `/login?next=${encodeURIComponent(path)}`;
}
