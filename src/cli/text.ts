/**
 * Text for people is shown, never obeyed. Client names, URIs, error bodies, discovery data and echoed argv values
 * can carry terminal controls (clear the screen, set the clipboard with OSC 52, plant a hidden OSC 8 link, retitle
 * the window, reorder text with a bidi override). Every writer for people passes untrusted text through
 * `visible()` before adding its own colour codes, so the only escape sequences that reach a terminal are ours.
 */

/**
 * C0 controls, DEL, C1 controls (U+0080–U+009F, e.g. U+009B CSI) and the bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069, the "Trojan Source" characters), plus the Unicode line/paragraph separators.
 * Ordinary text, RTL scripts and their LRM/RLM marks included, is left alone.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same minus C0 (JSON.stringify escapes C0 itself, and a pretty-printed document needs its line feeds). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

/** One line for a terminal: every control character written as a visible escape (ESC → `\x1b`, U+202E → `\u202e`). */
export function visible(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Like visible(), keeping line feeds (multi-line text composed by the tool, e.g. a --verbose stack trace). */
export function visibleLines(text: string): string {
  return text.split('\n').map(visible).join('\n');
}

/**
 * JSON text with the characters JSON.stringify leaves raw but a terminal may obey written as `\uXXXX` escapes.
 * They can only occur inside strings, so the document still parses to exactly the same value.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}
