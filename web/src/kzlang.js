// Highlighting for the kzrules language (docs/language.md): a stream tokenizer, enough
// to colour directives, links and tests, strings, numbers, comments and `:-`. The engine
// remains the judge of what parses; its diagnostics are shown by editor.js.
import { StreamLanguage, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

const DIRECTIVE = /^\.(decl|input|output|hypothesis|claim|param|type|printsize|unobserved|dated|as_of|include|pragma|plan|once|functor|comp|init|limitsize|override)\b/;
const LINK = new Set(['supports', 'opposes', 'as', 'because', 'source', 'from', 'range', 'step']);
const FORM = new Set(['exists', 'none', 'forall', 'most', 'share', 'holds']);
const TEST = new Set(['straw', 'straw_in_the_wind', 'hoop', 'smoking_gun', 'doubly_decisive']);
const AGGREGATE = new Set(['count', 'sum', 'min', 'max', 'mean', 'median', 'mode', 'stddev', 'range']);
const TYPE = new Set(['number', 'symbol', 'float', 'unsigned']);

const kz = {
  name: 'kzrules',
  startState: () => ({ inComment: false }),
  token(stream, state) {
    if (state.inComment) {
      if (stream.skipTo('*/')) { stream.match('*/'); state.inComment = false; } else stream.skipToEnd();
      return 'comment';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('//')) { stream.skipToEnd(); return 'comment'; }
    if (stream.match('/*')) { state.inComment = true; return 'comment'; }
    if (stream.match(DIRECTIVE)) return 'keyword';
    if (stream.peek() === '"') {
      stream.next();
      let escaped = false;
      let c;
      while ((c = stream.next()) !== undefined) {
        if (c === '"' && !escaped) break;
        escaped = !escaped && c === '\\';
      }
      return 'string';
    }
    if (stream.match(/^-?(0x[0-9a-fA-F]+|0b[01]+|\d+(\.\d+)?([eE][-+]?\d+)?u?)/)) return 'number';
    if (stream.match(':-') || stream.match('=>')) return 'operator';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      const word = stream.current();
      if (TEST.has(word)) return 'atom';
      if (LINK.has(word) || FORM.has(word)) return 'keyword';
      if (TYPE.has(word)) return 'typeName';
      if (AGGREGATE.has(word) && /^\s*[:a-zA-Z_]/.test(stream.string.slice(stream.pos))) return 'keyword';
      if (stream.match(/^\s*\(/, false)) return 'variableName.function';
      return 'variableName';
    }
    if (stream.match(/^[!<>=]=?|^[-+*/%^;,.]/)) return 'operator';
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
};

export const kzLanguage = StreamLanguage.define(kz);

export const kzHighlight = syntaxHighlighting(HighlightStyle.define([
  { tag: t.keyword, color: '#7a1fa2', fontWeight: '600' },
  { tag: t.atom, color: '#b35c00', fontWeight: '600' },
  { tag: t.string, color: '#1a7f37' },
  { tag: t.number, color: '#0550ae' },
  { tag: t.comment, color: '#6e7781', fontStyle: 'italic' },
  { tag: t.operator, color: '#cf222e' },
  { tag: t.typeName, color: '#0a3069' },
  { tag: t.function(t.variableName), color: '#0b5cad' },
]));
