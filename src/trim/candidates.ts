import { maskPython } from './pythonMask';
import { cellStart, cellText, cellType } from './source';
import { ICandidate } from './types';

/** `**[dpp3-linear-learner](...)`: the header Autopilot writes for a candidate. */
const HEADER = /^\s*\*\*\[dpp([0-9]+)-([a-z0-9-]+)\]\(/;

/**
 * A call of `select_candidate(`, whatever the runner's variable is called and
 * however black laid out the argument. Searched in masked code, so a call in
 * a comment or a string does not count.
 */
const SELECT_CALL = /(?<![\w])select_candidate\s*\(/;

/**
 * Every `dppN-<algorithm>` candidate of the notebook, in cell order: a
 * markdown cell starting with the header, immediately followed by a code cell
 * that mentions `select_candidate`. It is active when that code actually calls
 * it; a commented-out call makes it inactive.
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
      active: SELECT_CALL.test(maskPython(code))
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
