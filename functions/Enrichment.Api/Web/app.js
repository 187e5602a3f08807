// The contact enrichment page: plain JavaScript, no build step, no third-party code.
// It talks only to the API it was served by (and to the upload link the API hands out).
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const KEY_STORE = 'enrichment.apiKey';
  const JOBS_STORE = 'enrichment.jobs';
  const MAX_RECENT = 20;
  const PREVIEW_ROWS = 5;
  const PREVIEW_BYTES = 64 * 1024;
  const POLL_MS = 1000;
  const inlineLimit = Number(document.querySelector('meta[name="enrichment-inline-limit"]').content) || 6 * 1024 * 1024;

  // ---- Column recognition: mirrors shared/Enrichment.Core/Input/ColumnMap.cs ----------------
  const KNOWN = {
    email: ['email', 'e-mail', 'emailaddress', 'e-mail address', 'mail', 'mailaddress', 'emailid', 'emailaddr',
      'work email', 'business email', 'personal email', 'primary email', 'contact email', 'email 1',
      'work email address', 'business email address', 'primary email address', 'courriel', 'correo'],
    phone: ['phone', 'phone number', 'phone no', 'phonenumber', 'tel', 'tel no', 'telephone', 'telephone number',
      'mobile', 'mobile phone', 'mobile number', 'mobile no', 'cell', 'cell phone', 'cellphone',
      'cell number', 'work phone', 'business phone', 'direct phone', 'direct dial', 'primary phone',
      'contact number', 'contact phone', 'phone 1', 'msisdn', 'home phone', 'office phone', 'telefon',
      'telefono', 'telephone 1'],
    'first name': ['first name', 'firstname', 'first', 'fname', 'given name', 'givenname', 'forename', 'first_name',
      'contact first name', 'vorname', 'prenom', 'nombre'],
    'last name': ['last name', 'lastname', 'last', 'lname', 'surname', 'family name', 'familyname', 'last_name',
      'contact last name', 'nachname', 'nom', 'apellido'],
    'full name': ['name', 'full name', 'fullname', 'contact name', 'contact', 'display name', 'person name',
      'contact full name', 'person'],
    company: ['company', 'company name', 'companyname', 'organization', 'organisation', 'organization name',
      'organisation name', 'org', 'org name', 'account', 'account name', 'employer', 'business',
      'business name', 'firm', 'firma', 'empresa', 'entreprise'],
    website: ['website', 'web site', 'domain', 'company website', 'company domain', 'company url', 'url', 'web',
      'site', 'website url', 'homepage', 'home page', 'web address', 'company domain name', 'domain name'],
    country: ['country', 'country code', 'country name', 'countrycode', 'country/region', 'nation',
      'country iso', 'iso country', 'country iso code', 'land', 'pais', 'pays'],
    'job title': ['job title', 'jobtitle', 'title', 'position', 'role', 'job role', 'designation', 'occupation',
      'job position', 'job', 'job function', 'business title'],
    city: ['city', 'town', 'locality', 'city name', 'town/city', 'stadt', 'ciudad', 'ville'],
  };
  const LOOSE = {
    email: ['email', 'emailaddress'],
    phone: ['phone', 'phonenumber', 'mobile', 'mobilenumber', 'telephone', 'cellphone'],
    'first name': ['firstname', 'givenname'],
    'last name': ['lastname', 'surname', 'familyname'],
    'full name': ['fullname', 'contactname'],
    company: ['company', 'companyname', 'organization', 'organisation', 'accountname'],
    website: ['website', 'domain', 'websiteurl'],
    country: ['country', 'countrycode', 'countryname'],
    'job title': ['jobtitle'],
    city: ['city'],
  };
  const normalize = (name) => (name || '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const knownNames = new Map();
  for (const [field, names] of Object.entries(KNOWN)) {
    for (const name of names) {
      if (!knownNames.has(normalize(name))) knownNames.set(normalize(name), field);
    }
  }

  /** The field each column feeds (or null), by the server's rules: known names first, then core-word endings. */
  function mapColumns(columns) {
    const fields = new Array(columns.length).fill(null);
    const taken = new Set();
    const names = columns.map(normalize);
    names.forEach((name, i) => {
      const field = knownNames.get(name);
      if (field && !taken.has(field)) { fields[i] = field; taken.add(field); }
    });
    for (const [field, suffixes] of Object.entries(LOOSE)) {
      if (taken.has(field)) continue;
      for (let i = 0; i < names.length; i++) {
        const trimmed = names[i].replace(/[0-9]+$/, '');
        if (fields[i] === null && suffixes.some((s) => trimmed.endsWith(s))) { fields[i] = field; taken.add(field); break; }
      }
    }
    return fields;
  }

  // ---- Reading the first rows in the browser -------------------------------------------------
  function formatOf(name) {
    const lower = name.toLowerCase();
    if (/\.(jsonl|ndjson)$/.test(lower)) return 'jsonl';
    if (lower.endsWith('.json')) return 'json';
    if (/\.(csv|tsv|txt)$/.test(lower)) return 'csv';
    if (lower.endsWith('.xlsx')) return 'xlsx';
    return null;
  }

  const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const CONTENT_TYPES = { csv: 'text/csv', json: 'application/json', jsonl: 'application/x-ndjson', xlsx: XLSX_TYPE };

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

  function parsePreview(text, format, whole) {
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

  // ---- Workbooks: the first rows of an .xlsx, read in the browser ----------------------------
  // An .xlsx is a zip of XML parts. Its directory is at the end: read that, then inflate only the
  // parts the preview needs (DecompressionStream is the browser's own), and of a sheet or of the
  // shared strings only the beginning, so a large workbook costs no more than a small one.
  const MAX_PREVIEW_XML = 8 * 1024 * 1024;
  const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

  async function zipEntries(file) {
    const tailSize = Math.min(file.size, 22 + 65535);
    const tail = new DataView(await file.slice(file.size - tailSize).arrayBuffer());
    let end = -1;
    for (let i = tail.byteLength - 22; i >= 0; i--) {
      if (tail.getUint32(i, true) === 0x06054b50) { end = i; break; }
    }
    if (end < 0) throw new Error('not a zip');
    const count = tail.getUint16(end + 10, true);
    const size = tail.getUint32(end + 12, true);
    const offset = tail.getUint32(end + 16, true);
    const directory = new DataView(await file.slice(offset, offset + size).arrayBuffer());
    const decoder = new TextDecoder();
    const entries = new Map();
    for (let p = 0, k = 0; k < count && p + 46 <= directory.byteLength; k++) {
      if (directory.getUint32(p, true) !== 0x02014b50) throw new Error('damaged zip directory');
      const nameLength = directory.getUint16(p + 28, true);
      const name = decoder.decode(new Uint8Array(directory.buffer, directory.byteOffset + p + 46, nameLength));
      entries.set(name, { method: directory.getUint16(p + 10, true), compressed: directory.getUint32(p + 20, true), local: directory.getUint32(p + 42, true) });
      p += 46 + nameLength + directory.getUint16(p + 30, true) + directory.getUint16(p + 32, true);
    }
    return entries;
  }

  /** An entry's text, inflated as it is read, until enough(text) or its end. */
  async function readEntry(file, entries, name, enough = () => false) {
    const entry = entries.get(name);
    if (!entry) return null;
    const local = new DataView(await file.slice(entry.local, entry.local + 30).arrayBuffer());
    const start = entry.local + 30 + local.getUint16(26, true) + local.getUint16(28, true);
    let stream = file.slice(start, start + entry.compressed).stream();
    if (entry.method === 8) stream = stream.pipeThrough(new DecompressionStream('deflate-raw'));
    else if (entry.method !== 0) throw new Error('unknown zip compression');
    const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += value;
        if (enough(text) || text.length > MAX_PREVIEW_XML) break;
      }
    } finally {
      reader.cancel().catch(() => {});
    }
    return text;
  }

  const xmlDocument = (text) => new DOMParser().parseFromString(text, 'application/xml');
  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  const unescapeXml = (text) => text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, code) => {
    if (code[0] !== '#') return ENTITIES[code] ?? whole;
    return String.fromCodePoint(code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10));
  });
  /** The text of a cell's or a shared string's runs (<t>), without phonetic guides (<rPh>). */
  const runText = (xml) => Array.from(xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, '').matchAll(/<(?:\w+:)?t\b[^>]*>([\s\S]*?)<\/(?:\w+:)?t>/g), (m) => unescapeXml(m[1])).join('');
  const columnIndex = (reference) => {
    const letters = /^[A-Z]+/i.exec(reference || '');
    return letters ? [...letters[0].toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1 : -1;
  };

  /** The workbook's sheets, in order, with the path of each part and whether it is hidden. */
  async function workbookSheets(file) {
    const entries = await zipEntries(file);
    const book = await readEntry(file, entries, 'xl/workbook.xml');
    const rels = await readEntry(file, entries, 'xl/_rels/workbook.xml.rels');
    if (!book || !rels) throw new Error('not a workbook');
    const targets = new Map(Array.from(xmlDocument(rels).getElementsByTagNameNS('*', 'Relationship'), (r) => [r.getAttribute('Id'), r.getAttribute('Target') || '']));
    const sheets = Array.from(xmlDocument(book).getElementsByTagNameNS(MAIN_NS, 'sheet'), (sheet) => {
      const target = targets.get(sheet.getAttributeNS(REL_NS, 'id')) || '';
      return {
        name: sheet.getAttribute('name'),
        hidden: (sheet.getAttribute('state') || 'visible') !== 'visible',
        path: target.startsWith('/') ? target.slice(1) : `xl/${target}`,
      };
    });
    return { entries, sheets };
  }

  /** The first rows of a sheet as text, the header first (the first row with a value, as the API reads it). */
  async function sheetPreview(file, entries, sheet, maxRows) {
    const rowPattern = /<(?:\w+:)?row\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
    const xml = await readEntry(file, entries, sheet.path, (text) => /<\/(\w+:)?sheetData>/.test(text) || (text.match(rowPattern) || []).length > maxRows * 4 + 20);
    const rows = [];
    const shared = new Set();
    for (const row of (xml || '').matchAll(rowPattern)) {
      const cells = [];
      let next = 0;
      for (const cell of (row[1] || '').matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
        const attributes = cell[1];
        const body = cell[2] || '';
        const at = columnIndex((/\br="([^"]*)"/.exec(attributes) || [])[1]);
        const index = at >= 0 ? at : next;
        next = index + 1;
        const type = (/\bt="([^"]*)"/.exec(attributes) || [])[1] || 'n';
        const value = unescapeXml((/<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/.exec(body) || [])[1] || '');
        if (type === 's') shared.add(Number(value));
        cells[index] = type === 'inlineStr' ? { text: runText(body) }
          : type === 's' ? { shared: Number(value) }
          : type === 'b' ? { text: value === '1' ? 'TRUE' : 'FALSE' }
          : { text: value };
      }
      if (cells.some((c) => c && (c.shared !== undefined || c.text !== ''))) rows.push(cells);
      if (rows.length > maxRows) break;
    }
    const strings = await sharedStrings(file, entries, shared.size ? Math.max(...shared) : -1);
    const texts = rows.map((cells) => Array.from(cells, (c) => (!c ? '' : c.shared !== undefined ? strings[c.shared] ?? '' : c.text)));
    const [columns = [], ...data] = texts;
    return { columns, rows: data.slice(0, maxRows).map((r) => columns.map((_, i) => r[i] ?? '')) };
  }

  /** The shared strings up to index last (the table can be large: only its beginning is read). */
  async function sharedStrings(file, entries, last) {
    if (last < 0) return [];
    const itemPattern = /<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g;
    const xml = await readEntry(file, entries, 'xl/sharedStrings.xml', (text) => (text.match(itemPattern) || []).length > last);
    return Array.from((xml || '').matchAll(itemPattern), (m) => runText(m[1] || ''));
  }

  // ---- The API ---------------------------------------------------------------------------------
  const apiKey = () => localStorage.getItem(KEY_STORE) || '';

  async function api(path, init = {}) {
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

  const idempotencyKey = () => (crypto.randomUUID ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(''));

  // ---- Formatting ------------------------------------------------------------------------------
  const number = new Intl.NumberFormat('en');
  const n = (v) => number.format(v || 0);
  const percent = (v) => `${(Math.round((v || 0) * 1000) / 10).toFixed(1)} %`;
  function duration(seconds) {
    if (!Number.isFinite(seconds)) return '–';
    if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
    const m = Math.floor(seconds / 60);
    return m < 60 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
  }
  function show(el, visible) { el.hidden = !visible; }
  function text(el, value) { el.textContent = value; }

  // ---- API key ---------------------------------------------------------------------------------
  function renderKeyState() {
    text($('key-state'), apiKey() ? 'A key is saved in this browser.' : 'No key saved: calls are sent without one.');
  }
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('api-key').value.trim();
    if (value) localStorage.setItem(KEY_STORE, value);
    $('api-key').value = '';
    renderKeyState();
    loadProviders();
  });
  $('forget-key').addEventListener('click', () => {
    localStorage.removeItem(KEY_STORE);
    renderKeyState();
  });

  // ---- Providers -------------------------------------------------------------------------------
  async function loadProviders() {
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
  const chosenProviders = () => Array.from(document.querySelectorAll('input[name="provider"]:checked'), (b) => b.value);

  // ---- File choice and preview -----------------------------------------------------------------
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

  // ---- Watching a job --------------------------------------------------------------------------
  let watching = null;

  function watch(jobId, name) {
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

  // ---- Recent jobs (this browser only) ---------------------------------------------------------
  function recent() {
    try { return JSON.parse(localStorage.getItem(JOBS_STORE)) || []; } catch { return []; }
  }
  function saveRecent(jobs) {
    localStorage.setItem(JOBS_STORE, JSON.stringify(jobs.slice(0, MAX_RECENT)));
    renderRecent();
  }
  function remember(job) { saveRecent([job, ...recent().filter((j) => j.id !== job.id)]); }
  function updateRecent(id, status) {
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
      open.addEventListener('click', () => watch(job.id, job.name));
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

  renderKeyState();
  renderRecent();
  loadProviders();
})();
