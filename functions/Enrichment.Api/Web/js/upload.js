// The upload form: choosing a file, previewing its first rows, and sending it.

import { api, idempotencyKey } from './api.js';
import { mapColumns } from './columns.js';
import { $, n, show, text } from './dom.js';
import { watch } from './job.js';
import { CONTENT_TYPES, formatOf, parsePreview, PREVIEW_ROWS } from './preview.js';
import { remember } from './recent.js';
import { chosenProviders } from './settings.js';
import { sheetPreview, workbookSheets } from './workbook.js';

const PREVIEW_BYTES = 64 * 1024;
const inlineLimit = Number(document.querySelector('meta[name="enrichment-inline-limit"]').content) || 6 * 1024 * 1024;

let chosen = null;

async function choose(file) {
  chosen = null;
  $('submit').disabled = true;
  show($('submit-error'), false);
  show($('sheet-row'), false);
  const format = formatOf(file.name);
  show($('preview'), true);
  const route = file.size > inlineLimit ? 'it goes through an upload link' : 'it is sent in one request';
  text($('file-info'), `${file.name}: ${n(file.size)} bytes, ${format ? format.toUpperCase() : 'unknown format'}; ${route}.`);
  renderPreview(null);
  if (!format) {
    text($('recognised'), 'Choose a file ending in .csv, .json, .jsonl or .xlsx.');
    return;
  }
  const current = { file, format, sheet: null, book: null };
  chosen = current;
  $('submit').disabled = false;
  try {
    if (format === 'xlsx') {
      current.book = await workbookSheets(file);
      const visible = current.book.sheets.filter((sheet) => !sheet.hidden);
      if (!visible.length) throw new Error('no visible sheet');
      const select = $('sheet');
      select.replaceChildren(...visible.map((sheet) => new Option(sheet.name, sheet.name)));
      // One visible sheet: the API reads it by default, so nothing is sent; several: the choice is.
      show($('sheet-row'), visible.length > 1);
      await previewSheet(current, visible[0]);
    } else {
      const whole = file.size <= PREVIEW_BYTES;
      const head = await file.slice(0, PREVIEW_BYTES).text();
      if (chosen === current) renderPreview(parsePreview(head, format, whole));
    }
  } catch {
    if (chosen === current) text($('recognised'), 'The first rows could not be read here; the API will check the whole file when you send it.');
  }
}

async function previewSheet(current, sheet) {
  current.sheet = $('sheet-row').hidden ? null : sheet.name;
  const preview = await sheetPreview(current.file, current.book.entries, sheet, PREVIEW_ROWS);
  if (chosen === current) renderPreview(preview, 'Numbers and dates show here as stored; the output has them as Excel displays them.');
}

$('sheet').addEventListener('change', async () => {
  const current = chosen;
  const sheet = current && current.book && current.book.sheets.find((s) => s.name === $('sheet').value);
  if (!sheet) return;
  try {
    await previewSheet(current, sheet);
  } catch {
    text($('recognised'), 'The first rows of this sheet could not be read here; the API will check them when you send it.');
  }
});

/** The preview table and the recognised fields; null clears it. */
function renderPreview(preview, note) {
  const table = $('preview-table');
  table.tHead.replaceChildren();
  table.tBodies[0].replaceChildren();
  if (!preview) return;
  const { columns, rows } = preview;
  const fields = mapColumns(columns);
  const headRow = document.createElement('tr');
  columns.forEach((column, i) => {
    const th = document.createElement('th');
    th.scope = 'col';
    const tag = document.createElement('span');
    tag.className = fields[i] ? 'field' : 'field none';
    tag.textContent = fields[i] ? `→ ${fields[i]}` : 'carried through';
    th.append(document.createTextNode(column), tag);
    headRow.append(th);
  });
  table.tHead.append(headRow);
  for (const row of rows) {
    const tr = document.createElement('tr');
    columns.forEach((_, i) => {
      const td = document.createElement('td');
      td.textContent = row[i] ?? '';
      tr.append(td);
    });
    table.tBodies[0].append(tr);
  }
  const found = fields.filter(Boolean);
  text($('recognised'), (found.length
    ? `Recognised: ${found.join(', ')}. Other columns are carried through unchanged.`
    : 'No email, phone, name, company or country column was recognised: the API will likely refuse this list.')
    + (note ? ` ${note}` : ''));
}

$('file').addEventListener('change', () => { if ($('file').files[0]) choose($('file').files[0]); });
const drop = $('drop');
drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  if (event.dataTransfer.files[0]) choose(event.dataTransfer.files[0]);
});

// ---- Submitting ------------------------------------------------------------------------------
async function submitInline(file, format, sheet, providers, output) {
  const query = new URLSearchParams({ output, name: file.name });
  if (providers.length) query.set('providers', providers.join(','));
  if (sheet) query.set('sheet', sheet);
  return api(`jobs?${query}`, {
    method: 'POST',
    headers: { 'Content-Type': CONTENT_TYPES[format], 'Idempotency-Key': idempotencyKey() },
    body: file,
  });
}

async function submitUpload(file, format, sheet, providers, output) {
  const reserved = await api('jobs/uploads', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // The link is signed for exactly this many bytes.
    body: JSON.stringify({ fileName: file.name, format, output, providers: providers.length ? providers : null, sheet, size: file.size }),
  });
  // The link is signed: no Authorization header, which a storage service would take as its own.
  const put = await fetch(reserved.uploadUrl, { method: reserved.method, headers: { 'Content-Type': reserved.contentType }, body: file });
  if (!put.ok) throw new Error(`the upload was refused (HTTP ${put.status}); try again`);
  return reserved;
}

$('submit').addEventListener('click', async () => {
  if (!chosen) return;
  const { file, format, sheet } = chosen;
  const providers = chosenProviders();
  const output = $('output').value;
  $('submit').disabled = true;
  show($('submit-error'), false);
  try {
    let accepted;
    if (file.size > inlineLimit) {
      accepted = await submitUpload(file, format, sheet, providers, output);
    } else {
      try {
        accepted = await submitInline(file, format, sheet, providers, output);
      } catch (error) {
        if (error.status !== 413) throw error;
        accepted = await submitUpload(file, format, sheet, providers, output);
      }
    }
    remember({ id: accepted.jobId, name: file.name, at: new Date().toISOString(), status: accepted.status });
    watch(accepted.jobId, file.name);
  } catch (error) {
    text($('submit-error'), error.message);
    show($('submit-error'), true);
    $('submit-error').focus();
  } finally {
    $('submit').disabled = !chosen;
  }
});
