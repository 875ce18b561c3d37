import { safeNext } from './login-next.ts';

/**
 * The login page's script (served as /login.js; no inline script): posts the token as JSON to /api/login, which sets
 * the HttpOnly cookie, then goes back to the page the user came from (only a path on this server, see safeNext).
 */
const form = document.getElementById('login') as HTMLFormElement;
const input = document.getElementById('token') as HTMLInputElement;
const error = document.getElementById('error') as HTMLParagraphElement;
const button = form.querySelector('button') as HTMLButtonElement;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void logIn(input.value.trim());
});

async function logIn(token: string): Promise<void> {
  if (!token) return;
  button.disabled = true;
  error.hidden = true;
  try {
    const res = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    if (res.ok) {
      location.assign(safeNext(new URLSearchParams(location.search).get('next')));
      return;
    }
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    show(body.error?.message ?? `login failed (HTTP ${res.status})`);
  } catch {
    show('the server did not answer; try again');
  } finally {
    button.disabled = false;
  }
}

function show(message: string): void {
  error.textContent = message;
  error.hidden = false;
  input.select();
}
