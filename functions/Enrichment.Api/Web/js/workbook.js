// Workbooks: the first rows of an .xlsx, read in the browser.
//
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
export async function workbookSheets(file) {
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
export async function sheetPreview(file, entries, sheet, maxRows) {
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
