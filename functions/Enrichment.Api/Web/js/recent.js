// Recent jobs, kept in this browser only.

import { $, show } from './dom.js';

const JOBS_STORE = 'enrichment.jobs';
const MAX_RECENT = 20;
// What an Open button does (watch the job): handed in by initRecent, so this file needs no job.js.
let openJob = () => {};

function recent() {
  try { return JSON.parse(localStorage.getItem(JOBS_STORE)) || []; } catch { return []; }
}
function saveRecent(jobs) {
  localStorage.setItem(JOBS_STORE, JSON.stringify(jobs.slice(0, MAX_RECENT)));
  renderRecent();
}
export function remember(job) { saveRecent([job, ...recent().filter((j) => j.id !== job.id)]); }
export function updateRecent(id, status) {
  const jobs = recent();
  const job = jobs.find((j) => j.id === id);
  if (job && status && job.status !== status) { job.status = status; saveRecent(jobs); }
}
function renderRecent() {
  const jobs = recent();
  const list = $('recent');
  list.replaceChildren();
  for (const job of jobs) {
    const li = document.createElement('li');
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'secondary';
    open.textContent = 'Open';
    open.setAttribute('aria-label', `Open ${job.name}, job ${job.id}`);
    open.addEventListener('click', () => openJob(job.id, job.name));
    const name = document.createElement('strong');
    name.textContent = job.name;
    const state = document.createElement('span');
    state.className = `status-${job.status}`;
    state.textContent = (job.status || '').replace(/_/g, ' ');
    const when = document.createElement('span');
    when.className = 'hint';
    when.textContent = new Date(job.at).toLocaleString();
    li.append(open, name, state, when);
    list.append(li);
  }
  show($('recent-empty'), jobs.length === 0);
  show($('clear-recent'), jobs.length > 0);
}
$('clear-recent').addEventListener('click', () => saveRecent([]));

/** Lists the recent jobs; open(jobId, name) is what their Open buttons call. */
export function initRecent(open) {
  openJob = open;
  renderRecent();
}
