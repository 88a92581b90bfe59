/**
 * The fast path of writing a notebook exactly as Python would. Most notebooks
 * on disk were written by Jupyter (Python's `json.dumps(nb, indent=1,
 * ensure_ascii=False)`), and for most of them native JSON reads and writes
 * the same bytes. This module proves that cheaply for one output, or says it
 * cannot, in which case the caller takes the exact (slower) path.
 *
 * The proof: in Jupyter's layout a raw newline can only be whitespace between
 * tokens (JSON strings escape theirs), so a cell of the `cells` array is
 * found by its indentation. The output must be the input's own text with the
 * deleted cells cut out and each edited cell replaced by its native
 * serialisation, and `JSON.stringify(out, null, 1)` must give exactly that.
 * An edited cell's original text must also equal its native serialisation,
 * so that nothing but its source changed. Then every number and key order in
 * the output is as the input wrote it, except for the few number forms where
 * JavaScript and Python format the same double differently, which are looked
 * for separately.
 */

const CELLS_KEY = '\n "cells": [\n';

interface ISpan {
  start: number;
  end: number;
}

/**
 * The text spans of cells 0..last in `body` (the input without its trailing
 * newline), or null when the layout is not Jupyter's. Only as many cells as
 * needed are walked: the rest of the text is checked by the final comparison.
 */
export function cellSpans(body: string, last: number): ISpan[] | null {
  const key = body.indexOf(CELLS_KEY);
  if (!body.startsWith('{') || key < 0) {
    return null;
  }
  const spans: ISpan[] = [];
  let at = key + CELLS_KEY.length;
  for (let k = 0; k <= last; k++) {
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
    if (body.startsWith(',\n', end)) {
      at = end + 2;
    } else if (k === last && body.startsWith('\n ]', end)) {
      break;
    } else {
      return null;
    }
  }
  return spans;
}

/** A cell as it appears, two levels deep, in the indent-1 layout. */
function cellLayout(cell: unknown): string {
  return '  ' + JSON.stringify(cell, null, 1).replace(/\n/g, '\n  ');
}

/**
 * The output text when native serialisation provably matches Python's, else
 * null. `inputCells` and `outRoot.cells` are the parsed cells before and
 * after; `deleted` and `edited` are input cell indices.
 */
export function fastJupyterText(
  body: string,
  inputCells: ReadonlyArray<unknown>,
  outRoot: { cells: unknown[] },
  deleted: ReadonlyArray<number>,
  edited: ReadonlyMap<number, unknown>
): string | null {
  if (outRoot.cells.length === 0) {
    return null;
  }
  const changed = [...deleted, ...edited.keys()].sort((a, b) => a - b);
  const native = JSON.stringify(outRoot, null, 1);
  if (changed.length === 0) {
    return native === body && !hasDivergentNumber(native) ? native : null;
  }
  const last = changed[changed.length - 1];
  const spans = cellSpans(body, last);
  if (!spans) {
    return null;
  }
  const gone = new Set(deleted);
  // Compare piece by piece against the native text, never copying the
  // input: a slice shares its parent's characters and === on flat strings is
  // a memory comparison (startsWith is ten times slower on long pieces). The
  // first slice flattens the rope JSON.stringify returns, once.
  let at = 0;
  const same = (piece: string): boolean => {
    const ok = native.slice(at, at + piece.length) === piece;
    at += piece.length;
    return ok;
  };
  if (!same(body.slice(0, spans[0].start))) {
    return null;
  }
  let written = 0;
  for (let index = 0; index <= last; index++) {
    if (gone.has(index)) {
      continue;
    }
    const span = spans[index];
    let piece = body.slice(span.start, span.end);
    const cell = edited.get(index);
    if (cell !== undefined) {
      if (piece !== cellLayout(inputCells[index])) {
        return null;
      }
      piece = cellLayout(cell);
    }
    if ((written++ > 0 && !same(',\n')) || !same(piece)) {
      return null;
    }
  }
  // After the last change, the input's text goes on unchanged.
  const rest = spans[last].end;
  const tail =
    last === inputCells.length - 1
      ? body.slice(rest)
      : body.startsWith(',\n', rest)
        ? body.slice(written > 0 ? rest : rest + 2)
        : null;
  if (tail === null || !same(tail) || at !== native.length) {
    return null;
  }
  return hasDivergentNumber(native) ? null : native;
}

/**
 * True when `text` (native output in indent-1 layout) may hold a number that
 * Python writes differently: JavaScript writes 1e-5 as `0.00001` (Python
 * `1e-05`) and 1e-7 as `1e-7` (Python `1e-07`). Such a token ends its line
 * (string content holds no raw newline), so each occurrence of the telltale
 * `0.0000` or digit-`e-` is checked on its own line only: prose such as
 * "one-line" is common in notebooks and a regex over the whole text is slow.
 */
function hasDivergentNumber(text: string): boolean {
  return (
    someLine(text, '0.0000', () => true) ||
    someLine(text, 'e-', (at: number) => isDigit(text.charCodeAt(at - 1)))
  );
}

const DIVERGENT_LINE =
  /^ *(?:"(?:[^"\\]|\\.)*": )?-?(?:0\.0000[0-9]*|[0-9](?:\.[0-9]+)?e-[0-9]),?$/;

function someLine(
  text: string,
  needle: string,
  plausible: (at: number) => boolean
): boolean {
  for (let at = text.indexOf(needle); at >= 0;) {
    const end = text.indexOf('\n', at);
    const lineEnd = end < 0 ? text.length : end;
    if (plausible(at)) {
      const line = text.slice(text.lastIndexOf('\n', at) + 1, lineEnd);
      if (DIVERGENT_LINE.test(line)) {
        return true;
      }
    }
    at = text.indexOf(needle, at + needle.length);
  }
  return false;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
