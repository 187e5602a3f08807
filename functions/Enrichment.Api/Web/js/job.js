// Watching a job: status polling, progress, the summary, download and retry.

import { api } from './api.js';
import { $, duration, n, percent, show, text } from './dom.js';
import { updateRecent } from './recent.js';

const POLL_MS = 1000;

let watching = null;

export function watch(jobId, name) {
  if (watching) clearTimeout(watching.timer);
  watching = { jobId, name, samples: [], timer: null, status: null };
  show($('job'), true);
  show($('summary'), false);
  show($('job-error'), false);
  text($('job-title'), `${name || 'Job'} · job ${jobId}`);
  $('bar').value = 0;
  text($('progress-label'), 'Starting…');
  ['stat-records', 'stat-batches', 'stat-rate', 'stat-eta'].forEach((id) => text($(id), '–'));
  $('job').scrollIntoView({ block: 'start' });
  poll(watching);
}

async function poll(state) {
  if (watching !== state) return;
  let status;
  try {
    status = await api(`jobs/${encodeURIComponent(state.jobId)}`);
  } catch (error) {
    if (watching !== state) return;
    if (error.status === 404 || error.status === 401 || error.status === 403) {
      showJobError(error.message);
      updateRecent(state.jobId, error.status === 404 ? 'gone' : null);
      return;
    }
    text($('progress-label'), `Waiting for the API (${error.message})…`);
    state.timer = setTimeout(() => poll(state), POLL_MS * 3);
    return;
  }
  if (watching !== state) return;
  state.status = status;
  renderProgress(state, status);
  updateRecent(state.jobId, status.status);
  if (['completed', 'completed_with_errors', 'failed'].includes(status.status)) {
    await finish(state, status);
  } else {
    state.timer = setTimeout(() => poll(state), POLL_MS);
  }
}

function renderProgress(state, status) {
  const records = status.records;
  const batches = status.batches;
  const pct = Math.round(status.progress * 1000) / 10;
  $('bar').value = pct;
  text($('progress-label'), `${status.status.replace(/_/g, ' ')} · ${pct.toFixed(1)} %`);
  text($('stat-records'), `${n(records.processed)} of ${n(records.total)}`);
  text($('stat-batches'), `${n(batches.done + batches.failed)} of ${n(batches.total)}${batches.failed ? ` (${n(batches.failed)} failed)` : ''}`);
  // Rate over the last ten seconds the page watched, measured on this clock only.
  const now = performance.now();
  state.samples.push([now, records.processed]);
  while (state.samples.length > 2 && now - state.samples[0][0] > 10000) state.samples.shift();
  const [t0, p0] = state.samples[0];
  const rate = now > t0 ? ((records.processed - p0) * 1000) / (now - t0) : 0;
  const finished = ['completed', 'completed_with_errors', 'failed'].includes(status.status);
  if (rate > 0) text($('stat-rate'), `${n(Math.round(rate))} records/s`);
  text($('stat-eta'), finished ? 'done' : rate > 0 ? duration((records.total - records.processed) / rate) : '–');
}

function showJobError(message) {
  text($('job-error'), message);
  show($('job-error'), true);
}

async function finish(state, status) {
  if (status.status === 'failed') {
    showJobError(status.error || 'the job failed');
    return;
  }
  if (status.error) showJobError(status.error);
  show($('summary'), true);
  text($('sum-ok'), n(status.records.ok));
  text($('sum-invalid'), n(status.records.invalid));
  text($('sum-error'), n(status.records.error));
  text($('sum-duplicates'), '…');
  renderMatchRates(status.providers || []);
  show($('retry'), status.records.error > 0 || (status.failedBatches || []).length > 0);
  let summary = null;
  try {
    summary = await api(`jobs/${encodeURIComponent(state.jobId)}/summary`);
  } catch (error) {
    text($('issues-note'), `The list of records could not be read: ${error.message}`);
  }
  if (watching !== state) return;
  text($('sum-duplicates'), summary ? n(summary.duplicates) : '–');
  renderIssues(summary);
  $('download').focus();
}

function renderMatchRates(providers) {
  const body = $('match-table').tBodies[0];
  body.replaceChildren();
  for (const p of providers) {
    const tr = document.createElement('tr');
    for (const value of [p.provider, n(p.matched), percent(p.matchRate), n(p.sent)]) {
      const td = document.createElement('td');
      td.textContent = value;
      tr.append(td);
    }
    body.append(tr);
  }
  show($('match-rates'), providers.length > 0);
}

function renderIssues(summary) {
  const issues = (summary && summary.issues) || [];
  const body = $('issues-table').tBodies[0];
  body.replaceChildren();
  for (const issue of issues) {
    const tr = document.createElement('tr');
    const cells = [String(issue.row), issue.status, issue.errors || ''];
    cells.forEach((value, i) => {
      const td = document.createElement('td');
      td.textContent = value;
      if (i === 2) td.className = 'reasons';
      tr.append(td);
    });
    body.append(tr);
  }
  const total = summary ? summary.error + summary.invalid : 0;
  text($('issues-note'), issues.length < total
    ? `The first ${n(issues.length)} of ${n(total)} (up to 100 error and 100 invalid rows); the download has them all.`
    : `${n(total)} record(s); rows are numbered from 1, as in duplicate_of.`);
  show($('issues'), issues.length > 0);
}

$('download').addEventListener('click', async () => {
  if (!watching) return;
  try {
    // A fresh link: the one in an older status may have expired.
    const status = await api(`jobs/${encodeURIComponent(watching.jobId)}`);
    if (!status.downloadUrl) throw new Error('the job has no output yet');
    const link = document.createElement('a');
    link.href = status.downloadUrl;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) {
    showJobError(error.message);
  }
});

$('retry').addEventListener('click', async () => {
  if (!watching) return;
  const { jobId, name } = watching;
  try {
    await api(`jobs/${encodeURIComponent(jobId)}/retry`, { method: 'POST' });
    watch(jobId, name);
  } catch (error) {
    showJobError(error.message);
  }
});
