// The engine places a diagnostic by line, 1-based column and length counted in BYTES of
// UTF-8 (its sources are byte strings); CodeMirror counts UTF-16 code units. On a line
// with Cyrillic (2 bytes, 1 unit) or an emoji (4 bytes, 2 units) the two differ.

// The UTF-16 offset in `text` where its first `bytes` bytes of UTF-8 end (a byte inside
// a character counts as that character's end); past the end, text.length.
export function utf16Offset(text, bytes) {
  let units = 0;
  let seen = 0;
  while (units < text.length && seen < bytes) {
    const code = text.codePointAt(units);
    seen += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    units += code > 0xffff ? 2 : 1;
  }
  return units;
}

// A diagnostic's span on its line, as UTF-16 offsets from the line's start: [from, to),
// at least one unit wide where the line allows.
export function diagnosticSpan(lineText, column, length) {
  const startByte = Math.max(0, (column || 1) - 1);
  const from = utf16Offset(lineText, startByte);
  const to = utf16Offset(lineText, startByte + Math.max(1, length || 1));
  return { from, to: Math.max(to, Math.min(from + 1, lineText.length)) };
}
