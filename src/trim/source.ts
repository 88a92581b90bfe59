import { ITextSplice } from './types';

/** The text of a cell source, which nbformat stores as a string or a list of lines. */
export function sourceText(source: string | string[]): string {
  return typeof source === 'string' ? source : source.join('');
}

/**
 * The text of a cell's source, or null when the cell is not a well-formed
 * nbformat cell. Notebooks edited by hand or by other tools can hold anything,
 * and such cells are simply never candidates nor edited.
 */
export function cellText(cell: unknown): string | null {
  if (typeof cell !== 'object' || cell === null) {
    return null;
  }
  const source = (cell as { source?: unknown }).source;
  if (typeof source === 'string') {
    return source;
  }
  if (!Array.isArray(source)) {
    return null;
  }
  for (const line of source) {
    if (typeof line !== 'string') {
      return null;
    }
  }
  return source.join('');
}

/**
 * Whether a cell's source contains `needle`, without joining its lines
 * (most cells are tested and few match). A needle never spans two lines.
 */
export function cellMentions(cell: unknown, needle: string): boolean {
  const source =
    typeof cell === 'object' && cell !== null
      ? (cell as { source?: unknown }).source
      : undefined;
  if (typeof source === 'string') {
    return source.includes(needle);
  }
  if (Array.isArray(source)) {
    for (const line of source) {
      if (typeof line === 'string' && line.includes(needle)) {
        return true;
      }
    }
  }
  return false;
}

/**
 * The beginning of a cell's source: enough to test how it starts, without
 * joining every line of a long cell. Falls back to the whole text when the
 * first line is blank.
 */
export function cellStart(cell: unknown): string | null {
  const source =
    typeof cell === 'object' && cell !== null
      ? (cell as { source?: unknown }).source
      : undefined;
  if (
    Array.isArray(source) &&
    typeof source[0] === 'string' &&
    source[0].trim() !== ''
  ) {
    return source[0];
  }
  return cellText(cell);
}

/** The cell type, or null for a cell that is not an object with a string type. */
export function cellType(cell: unknown): string | null {
  if (typeof cell !== 'object' || cell === null) {
    return null;
  }
  const type = (cell as { cell_type?: unknown }).cell_type;
  return typeof type === 'string' ? type : null;
}

/** Apply disjoint splices to a text (splices are positions in `text`). */
export function spliceText(
  text: string,
  splices: ReadonlyArray<ITextSplice>
): string {
  let out = '';
  let at = 0;
  for (const s of [...splices].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

/** Split after each '\n', the way nbformat stores a source as a list. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push(text.slice(at, end));
    at = end;
  }
  return lines;
}

/**
 * Apply splices to a list-of-lines source so that every line not touched
 * keeps its exact string: a reader diffing the notebook sees only the
 * changed lines. A splice inside one item edits that item; an insertion at an
 * item boundary becomes new items; anything else merges the items it spans.
 */
export function spliceLines(
  lines: ReadonlyArray<string>,
  splices: ReadonlyArray<ITextSplice>
): string[] {
  const out = [...lines];
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length;
  }
  const total = offset;
  // Descending, so earlier offsets stay valid while items are replaced.
  const ordered = [...splices].sort((a, b) => b.start - a.start);
  for (const s of ordered) {
    const first = itemAt(starts, s.start, total);
    if (
      s.start === s.end &&
      (s.start === total || starts[first] === s.start) &&
      s.text.endsWith('\n')
    ) {
      const at = s.start === total ? out.length : first;
      // A last line without '\n' would glue to the inserted text.
      if (at === out.length && at > 0 && !out[at - 1].endsWith('\n')) {
        out[at - 1] += s.text;
      } else {
        out.splice(at, 0, ...splitLines(s.text));
      }
      continue;
    }
    const last = itemAt(starts, Math.max(s.start, s.end - 1), total);
    const merged = out.slice(first, last + 1).join('');
    const base = starts[first] ?? total;
    const edited =
      merged.slice(0, s.start - base) + s.text + merged.slice(s.end - base);
    const replacement = first === last ? [edited] : splitLines(edited);
    out.splice(first, last - first + 1, ...replacement);
  }
  return out;
}

/** The index of the item containing `offset` (the last item for the end). */
function itemAt(starts: number[], offset: number, total: number): number {
  if (starts.length === 0) {
    return 0;
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return offset >= total ? starts.length - 1 : lo;
}
