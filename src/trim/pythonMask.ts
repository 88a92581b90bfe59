/**
 * Python source with the inside of every comment and string literal replaced
 * by spaces, so that searching for a call or a keyword never matches text in
 * a comment (`# max_jobs=250 is too many`) or in a string. The result has the
 * same length as the input, so offsets found in it apply to the original.
 *
 * This is a lexer for the few things that matter here, not a parser: string
 * prefixes, triple quotes, backslash escapes and line continuations. An
 * unterminated string runs to the end of its line (or of the text, for a
 * triple-quoted one), as Python would report it.
 */
export function maskPython(code: string): string {
  const out: string[] = [];
  let i = 0;
  let plainStart = 0;
  const n = code.length;
  const blank = (from: number, to: number): void => {
    out.push(code.slice(plainStart, from));
    const segment = code.slice(from, to);
    // Most strings and comments hold no line break: spaces will do.
    out.push(
      /[\r\n]/.test(segment)
        ? segment.replace(/[^\r\n]/g, ' ')
        : ' '.repeat(segment.length)
    );
    plainStart = to;
  };
  while (i < n) {
    const c = code[i];
    if (c === '#') {
      const nl = code.indexOf('\n', i);
      const end = nl < 0 ? n : nl;
      blank(i, end);
      i = end;
    } else if (c === '"' || c === "'") {
      const end = stringEnd(code, i);
      // Keep the quotes themselves, so `x=''` still reads as an assignment.
      blank(i + 1, Math.max(i + 1, end - 1));
      i = end;
    } else {
      i++;
    }
  }
  out.push(code.slice(plainStart));
  return out.join('');
}

/** The offset just after the string literal whose opening quote is at `start`. */
function stringEnd(code: string, start: number): number {
  const q = code[start];
  const triple = code.startsWith(q + q + q, start);
  const closing = triple ? q + q + q : q;
  let i = start + closing.length;
  while (i < code.length) {
    const c = code[i];
    if (c === '\\') {
      i += 2;
    } else if (!triple && c === '\n') {
      return i;
    } else if (code.startsWith(closing, i)) {
      return i + closing.length;
    } else {
      i++;
    }
  }
  return code.length;
}
