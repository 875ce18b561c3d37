import { loginUrl } from './login-next.ts';

/**
 * Sends the browser to the login page when the server says this request is not authenticated (401): the login
 * cookie is missing, expired, or its token was rotated. The page comes back to where the user was after logging in.
 */
export function redirectIfUnauthenticated(res: Response): void {
  if (res.status === 401 && typeof location !== 'undefined') location.assign(loginUrl(`${location.pathname}${location.search}`));
}

/**
 * A browser cannot read why a websocket upgrade was refused (it only sees the socket close), so after a socket that
 * never opened, ask `/api/me`: a 401 there means the login is missing, and the page goes to the login page.
 */
export async function checkLogin(): Promise<void> {
  try {
    redirectIfUnauthenticated(await fetch('/api/me', { headers: { accept: 'application/json' } }));
  } catch {
    // The server is down: the connection banner already says so; the next reconnect asks again.
  }
}
