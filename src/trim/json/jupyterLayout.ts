/**
 * The fast path of writing a notebook exactly as Python would. Most notebooks
 * on disk were written by Jupyter (Python's `json.dumps(nb, indent=1,
 * ensure_ascii=False)`), and for most of them native JSON reads and writes
 * the same bytes. This module proves that cheaply for one output, or says it
 * cannot, in which case the caller takes the exact (slower) path.
 *
 * The proof: in Jupyter's layout a raw newline can only be whitespace between
 * tokens (JSON strings escape theirs), so each cell of the `cells` array is
 * found by its indentation. Splicing the input's own text (kept cells as they
 * were, edited cells natively re-serialised) must give exactly what
 * `JSON.stringify(out, null, 1)` gives. When it does, every number and key
 * order in the output is as written in the input, except for the number forms
 * where JavaScript and Python format the same double differently, which are
 * looked for separately.
 */

const CELLS_KEY = '\n "cells": [\n';

/** The cells' text spans in `body` (the input without its trailing newline). */
export function cellSpans(
  body: string,
  count: number
): { start: number; end: number }[] | null {
  const key = body.indexOf(CELLS_KEY);
  if (!body.startsWith('{') || key < 0 || count === 0) {
    return null;
  }
  const spans: { start: number; end: number }[] = [];
  let at = key + CELLS_KEY.length;
  for (let k = 0; k < count; k++) {
    let end: number;
    if (body.startsWith('  {}', at)) {
      end = at + 4;
    } else if (body.startsWith('  {\n', at)) {
      const close = body.indexOf('\n  }', at);
      if (close < 0) {
        return null;
      }
      end = close + 4;
    } else {
      return null;
    }
    spans.push({ start: at, end });
    const last = k === count - 1;
    const separator = last ? '\n ]' : ',\n';
    if (!body.startsWith(separator, end)) {
      return null;
    }
    at = end + 2;
  }
  return spans;
}

/**
 * The output text when native serialisation provably matches Python's, else
 * null. `keep` lists, in order, the input cell index of each output cell, and
 * `edited` holds the output cells whose content changed.
 */
export function fastJupyterText(
  body: string,
  outRoot: unknown,
  inputCellCount: number,
  keep: ReadonlyArray<number>,
  edited: ReadonlyMap<number, unknown>
): string | null {
  if (keep.length === 0) {
    return null;
  }
  const spans = cellSpans(body, inputCellCount);
  if (!spans) {
    return null;
  }
  const pieces: string[] = [body.slice(0, spans[0].start)];
  keep.forEach((index, k) => {
    if (k > 0) {
      pieces.push(',\n');
    }
    const cell = edited.get(index);
    pieces.push(
      cell === undefined
        ? body.slice(spans[index].start, spans[index].end)
        : '  ' + JSON.stringify(cell, null, 1).replace(/\n/g, '\n  ')
    );
  });
  pieces.push(body.slice(spans[spans.length - 1].end));
  const native = JSON.stringify(outRoot, null, 1);
  if (native !== pieces.join('') || hasDivergentNumber(native)) {
    return null;
  }
  return native;
}

/**
 * True when `text` (native output in indent-1 layout) may hold a number that
 * Python writes differently: JavaScript writes 1e-5 as `0.00001` (Python
 * `1e-05`) and 1e-7 as `1e-7` (Python `1e-07`). A number token starts a line
 * or follows `": `, and ends its line: string content cannot, as it holds no
 * raw newline. The cheap `includes` tests skip the regex for most files.
 */
function hasDivergentNumber(text: string): boolean {
  if (!text.includes('0.0000') && !text.includes('e-')) {
    return false;
  }
  return /(?:\n *|": )-?(?:0\.0000[0-9]*|[0-9](?:\.[0-9]+)?e-[0-9]),?(?=\n|$)/.test(
    text
  );
}
