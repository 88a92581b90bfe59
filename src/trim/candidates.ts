import { cellStart, cellText, cellType } from './source';
import { ICandidate } from './types';

/** `**[dpp3-linear-learner](...)`: the header Autopilot writes for a candidate. */
const HEADER = /^\s*\*\*\[dpp([0-9]+)-([a-z0-9-]+)\]\(/;

/** Python's `str.splitlines` boundaries, so "first line" means what it means to Python. */
// eslint-disable-next-line no-control-regex -- Python splits lines on these control characters too
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/**
 * A candidate is commented out when its code cell starts with a comment, as
 * Ctrl+/ on the whole cell leaves it. This is the rule of the CLI's executable
 * contract (`check-trim.py`), so a leading `# note` above a live call also
 * makes the candidate inactive: when in doubt, the cells are left alone.
 */
function startsWithComment(code: string): boolean {
  const first = code.split(LINE_BREAK).find(line => line.trim() !== '');
  return first === undefined || first.trim().startsWith('#');
}

/**
 * Every `dppN-<algorithm>` candidate of the notebook, in cell order: a
 * markdown cell starting with the header, immediately followed by a code cell
 * that mentions `select_candidate`. It is inactive when that cell starts with
 * a comment.
 */
export function findCandidates(cells: ReadonlyArray<unknown>): ICandidate[] {
  const found: ICandidate[] = [];
  for (let i = 0; i + 1 < cells.length; i++) {
    if (cellType(cells[i]) !== 'markdown') {
      continue;
    }
    const header = HEADER.exec(cellStart(cells[i]) ?? '');
    if (!header || cellType(cells[i + 1]) !== 'code') {
      continue;
    }
    const code = cellText(cells[i + 1]);
    if (code === null || !code.includes('select_candidate')) {
      continue;
    }
    const [, digits, algorithm] = header;
    found.push({
      name: `dpp${digits}-${algorithm}`,
      dpp: Number(digits),
      algorithm,
      markdownIndex: i,
      codeIndex: i + 1,
      active: !startsWithComment(code)
    });
    i++;
  }
  return found;
}

/** True when `a` has a lower dpp number than `b`, exactly even beyond 2^53. */
function lowerDpp(a: ICandidate, b: ICandidate): boolean {
  const da = a.name.slice(3, a.name.indexOf('-'));
  const db = b.name.slice(3, b.name.indexOf('-'));
  return BigInt(da) < BigInt(db);
}

/**
 * Per algorithm, the active candidate with the lowest dpp number (the first
 * one on a tie), restricted to `algorithms` when given. Cell order is kept.
 */
export function chooseKept(
  candidates: ReadonlyArray<ICandidate>,
  algorithms: ReadonlyArray<string> | null
): ICandidate[] {
  const best = new Map<string, ICandidate>();
  for (const c of candidates) {
    if (!c.active || (algorithms && !algorithms.includes(c.algorithm))) {
      continue;
    }
    const current = best.get(c.algorithm);
    if (!current || lowerDpp(c, current)) {
      best.set(c.algorithm, c);
    }
  }
  const kept = new Set(best.values());
  return candidates.filter(c => kept.has(c));
}
