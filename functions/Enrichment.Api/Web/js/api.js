// Calls to the API the page was served by, with the key saved in this browser.

const KEY_STORE = 'enrichment.apiKey';

export const apiKey = () => localStorage.getItem(KEY_STORE) || '';
export const saveApiKey = (value) => localStorage.setItem(KEY_STORE, value);
export const forgetApiKey = () => localStorage.removeItem(KEY_STORE);

export async function api(path, init = {}) {
  const headers = new Headers(init.headers || {});
  if (apiKey()) headers.set('Authorization', `Bearer ${apiKey()}`);
  const response = await fetch(path, { ...init, headers, cache: 'no-store' });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error : `the API answered HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

export const idempotencyKey = () => (crypto.randomUUID ? crypto.randomUUID()
  : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(''));
