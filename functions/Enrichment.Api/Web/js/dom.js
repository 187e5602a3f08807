// Small DOM and number-formatting helpers shared by every part of the page.

export const $ = (id) => document.getElementById(id);

const number = new Intl.NumberFormat('en');
export const n = (v) => number.format(v || 0);
export const percent = (v) => `${(Math.round((v || 0) * 1000) / 10).toFixed(1)} %`;
export function duration(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
export function show(el, visible) { el.hidden = !visible; }
export function text(el, value) { el.textContent = value; }
