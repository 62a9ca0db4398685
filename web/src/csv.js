// Fact files as the engine reads them: RFC 4180 CSV (a header line, fields in double
// quotes may hold commas, quotes as "" and line breaks) or tab-separated .facts files.
// Each record keeps its raw text, so switching a row off sends the file without exactly
// that text and every other row reaches the engine byte for byte as written.

// Splits text into records: [{raw, fields}]. Blank lines are skipped, as the engine skips them.
export function parseRecords(text, delimiter = ',', quoted = true) {
  const records = [];
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;  // byte-order mark
  while (i < n) {
    const start = i;
    const fields = [];
    let field = '';
    let inQuotes = false;
    for (; i < n; i++) {
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
        } else field += c;
      } else if (quoted && c === '"' && field === '') {
        inQuotes = true;
      } else if (text.startsWith(delimiter, i)) {
        fields.push(field); field = ''; i += delimiter.length - 1;
      } else if (c === '\n' || c === '\r') {
        break;
      } else field += c;
    }
    fields.push(field);
    const raw = text.slice(start, i);
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2; else i += 1;
    if (raw.trim() !== '') records.push({ raw, fields });
  }
  return records;
}

// One record written so that parseRecords (and the engine) read the fields back.
export function formatRecord(fields, delimiter = ',', quoted = true) {
  return fields.map((f) => {
    const s = String(f);
    if (quoted && (s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || /^\s|\s$/.test(s)))
      return '"' + s.replace(/"/g, '""') + '"';
    return s;
  }).join(delimiter);
}
