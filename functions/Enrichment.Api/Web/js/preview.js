// Reading the first rows of a CSV, JSON or JSON Lines file in the browser.

export const PREVIEW_ROWS = 5;

export function formatOf(name) {
  const lower = name.toLowerCase();
  if (/\.(jsonl|ndjson)$/.test(lower)) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (/\.(csv|tsv|txt)$/.test(lower)) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CONTENT_TYPES = { csv: 'text/csv', json: 'application/json', jsonl: 'application/x-ndjson', xlsx: XLSX_TYPE };

/** RFC 4180 rows from the start of a file (the last, possibly cut, row is dropped unless the text is whole). */
function parseCsv(text, whole, maxRows) {
  text = text.replace(/^\uFEFF/, '');
  const headerEnd = text.search(/[\r\n]/);
  const header = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length]);
  const delimiter = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  while (i < text.length && rows.length < maxRows + 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === delimiter) { row.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c; i++;
  }
  if (whole && rows.length < maxRows + 1 && (field !== '' || row.length > 0)) endRow();
  const [columns = [], ...data] = rows;
  return { columns, rows: data.slice(0, maxRows) };
}

/** Complete top-level objects at the start of a JSON array, even when the text is cut in the middle. */
function jsonArrayObjects(text, max) {
  const objects = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length && objects.length < max; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') { inString = true; continue; }
    if (c === '{' || c === '[') {
      if (depth === 1 && c === '{') start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (c === '}' && depth === 1 && start >= 0) { objects.push(JSON.parse(text.slice(start, i + 1))); start = -1; }
    }
  }
  return objects;
}

function objectsToTable(objects) {
  const columns = [];
  for (const o of objects) {
    if (o && typeof o === 'object' && !Array.isArray(o)) {
      for (const k of Object.keys(o)) if (!columns.includes(k)) columns.push(k);
    }
  }
  const cell = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return { columns, rows: objects.map((o) => columns.map((c) => cell(o ? o[c] : undefined))) };
}

export function parsePreview(text, format, whole) {
  if (format === 'csv') return parseCsv(text, whole, PREVIEW_ROWS);
  if (format === 'jsonl') {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (!whole && lines.length > 0) lines.pop();
    return objectsToTable(lines.slice(0, PREVIEW_ROWS).map((l) => JSON.parse(l)));
  }
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('[')) throw new Error('a JSON file must hold an array of objects');
  return objectsToTable(jsonArrayObjects(trimmed, PREVIEW_ROWS));
}
