// The API key form and the providers the deployment offers.

import { api, apiKey, forgetApiKey, saveApiKey } from './api.js';
import { $, show, text } from './dom.js';

export function renderKeyState() {
  text($('key-state'), apiKey() ? 'A key is saved in this browser.' : 'No key saved: calls are sent without one.');
}
$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = $('api-key').value.trim();
  if (value) saveApiKey(value);
  $('api-key').value = '';
  renderKeyState();
  loadProviders();
});
$('forget-key').addEventListener('click', () => {
  forgetApiKey();
  renderKeyState();
});

export async function loadProviders() {
  const fieldset = $('providers');
  try {
    const offer = await api('providers');
    fieldset.querySelectorAll('label').forEach((l) => l.remove());
    for (const name of offer.providers) {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'provider';
      box.value = name;
      box.checked = offer.default.includes(name);
      label.append(box, document.createTextNode(name));
      fieldset.append(label);
    }
    text($('providers-state'), offer.providers.length ? '' : 'This deployment offers no providers.');
    show($('providers-state'), !offer.providers.length);
  } catch (error) {
    text($('providers-state'), error.status === 401 || error.status === 403
      ? 'The API wants a key: save it above.' : `Could not read the providers: ${error.message}`);
    show($('providers-state'), true);
  }
}
export const chosenProviders = () => Array.from(document.querySelectorAll('input[name="provider"]:checked'), (b) => b.value);
