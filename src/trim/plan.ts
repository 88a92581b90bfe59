import { chooseKept, findCandidates } from './candidates';
import { IKeywordTarget, setCallKeywords } from './callEdit';
import { IResolvedTrimOptions, resolveTrimOptions } from './options';
import { maskPython } from './pythonMask';
import { noListedAlgorithm, refusalFor } from './refusal';
import { cellMentions, cellText, cellType, spliceText } from './source';
import {
  ICandidate,
  ICellLike,
  ISourceEdit,
  ITrimOptions,
  ITrimPlan,
  ITrimWarning
} from './types';

/**
 * The tuner call, bare or qualified (`sagemaker.tuner.HyperparameterTuner.create(`):
 * what comes before the dot is the module path, never a different method.
 */
const TUNER_CALL = /(?<!\w)HyperparameterTuner\s*\.\s*create(?!\w)/;
/** A call of `fit_data_transformers`, not its definition (`def fit_data_transformers(self, …)`). */
const FIT_CALL = /(?<!\bdef\s+)(?<!\w)fit_data_transformers(?!\w)/;

/**
 * What trimming `cells` means: which candidates stay, which cells go, which
 * code sources change. Pure: `cells` are only read. Throws TrimOptionsError
 * for invalid options; a notebook that cannot be trimmed gives a plan of kind
 * 'refuse' with the reason.
 */
export function planTrim(
  cells: ReadonlyArray<ICellLike>,
  options?: ITrimOptions
): ITrimPlan {
  const resolved = resolveTrimOptions(options);
  const candidates = findCandidates(cells);
  const active = candidates.filter(c => c.active);
  if (active.length === 0) {
    return refusalFor(cells, candidates);
  }
  const first = chooseKept(candidates, resolved.algorithms);
  const present = unique(active.map(c => c.algorithm));
  if (first.length === 0) {
    return noListedAlgorithm(resolved.algorithms ?? [], present);
  }
  const { kept, removed, seen } = settle(cells, candidates, first, resolved);
  const deleteIndices = removed
    .flatMap(c => [c.markdownIndex, c.codeIndex])
    .sort((a, b) => a - b);
  const deleted = new Set(deleteIndices);
  const warnings = absentAlgorithms(resolved, present);
  const edits = planEdits(cells, deleted, resolved, warnings);
  return {
    kind: 'trim',
    candidates: seen,
    kept,
    removed,
    deleteIndices,
    edits,
    warnings,
    changesAnything: deleteIndices.length > 0 || edits.length > 0
  };
}

/**
 * Removing a candidate's two cells can bring a stray header next to a
 * `select_candidate` cell, making a new candidate that a second run would
 * trim. Trimming again until nothing changes keeps the trimmer idempotent;
 * real notebooks settle in the first round.
 */
function settle(
  cells: ReadonlyArray<ICellLike>,
  candidates: ICandidate[],
  kept: ICandidate[],
  options: IResolvedTrimOptions
): { kept: ICandidate[]; removed: ICandidate[]; seen: ICandidate[] } {
  const removed: ICandidate[] = [];
  const seen = [...candidates];
  for (;;) {
    const round = candidates.filter(c => c.active && !kept.includes(c));
    removed.push(...round);
    if (round.length === 0 || !mayJoinNewPair(cells, removed)) {
      const byCell = (a: ICandidate, b: ICandidate): number =>
        a.markdownIndex - b.markdownIndex;
      return { kept, removed: removed.sort(byCell), seen: seen.sort(byCell) };
    }
    const remaining = remainingIndices(cells.length, removed);
    const original = (c: ICandidate): ICandidate => ({
      ...c,
      markdownIndex: remaining[c.markdownIndex],
      codeIndex: remaining[c.codeIndex]
    });
    candidates = findCandidates(remaining.map(i => cells[i])).map(c => {
      const mapped = original(c);
      const known = seen.find(s => s.markdownIndex === mapped.markdownIndex);
      if (known) {
        return known;
      }
      seen.push(mapped);
      return mapped;
    });
    kept = chooseKept(candidates, options.algorithms);
  }
}

/** Whether a removed block now follows a markdown cell that may be a header. */
function mayJoinNewPair(
  cells: ReadonlyArray<ICellLike>,
  removed: ReadonlyArray<ICandidate>
): boolean {
  const gone = new Set(removed.flatMap(c => [c.markdownIndex, c.codeIndex]));
  return removed.some(c => {
    let before = c.markdownIndex - 1;
    while (gone.has(before)) {
      before--;
    }
    return (
      before >= 0 &&
      cellType(cells[before]) === 'markdown' &&
      /^\s*\*\*\[dpp/.test(cellText(cells[before]) ?? '')
    );
  });
}

function remainingIndices(
  count: number,
  removed: ReadonlyArray<ICandidate>
): number[] {
  const gone = new Set(removed.flatMap(c => [c.markdownIndex, c.codeIndex]));
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!gone.has(i)) {
      out.push(i);
    }
  }
  return out;
}

function absentAlgorithms(
  options: IResolvedTrimOptions,
  present: ReadonlyArray<string>
): ITrimWarning[] {
  return (options.algorithms ?? [])
    .filter(a => !present.includes(a))
    .map(algorithm => ({
      code: 'algorithm-absent',
      algorithm,
      message: `No active ${algorithm} candidate in this notebook, so none is kept for it. Remove ${algorithm} from the list to silence this warning.`
    }));
}

/** The tuner and fit_data_transformers edits, adding warnings as they come. */
function planEdits(
  cells: ReadonlyArray<ICellLike>,
  deleted: ReadonlySet<number>,
  options: IResolvedTrimOptions,
  warnings: ITrimWarning[]
): ISourceEdit[] {
  const tunerTargets: IKeywordTarget[] = [
    { keyword: 'max_parallel_jobs', value: options.maxParallelJobs },
    { keyword: 'max_jobs', value: options.maxJobs }
  ];
  const fitTargets: IKeywordTarget[] =
    options.parallelJobs === null
      ? []
      : [{ keyword: 'parallel_jobs', value: options.parallelJobs }];
  const edits: ISourceEdit[] = [];
  let tuners = 0;
  let fits = 0;
  cells.forEach((cell, cellIndex) => {
    if (deleted.has(cellIndex) || cellType(cell) !== 'code') {
      return;
    }
    // Cheap line-by-line tests first: most cells are neither, and joining
    // and masking cost.
    if (
      !cellMentions(cell, 'HyperparameterTuner') &&
      !cellMentions(cell, 'fit_data_transformers')
    ) {
      return;
    }
    const text = cellText(cell);
    if (text === null) {
      return;
    }
    const masked = maskPython(text);
    // One edit per cell, even in the odd cell that calls both.
    let cellEdit: ISourceEdit | null = null;
    for (const [target, callee, targets] of [
      ['tuner', TUNER_CALL, tunerTargets],
      ['fitDataTransformers', FIT_CALL, fitTargets]
    ] as const) {
      const edit = setCallKeywords(text, masked, callee, targets);
      if (edit.calls === 0) {
        continue;
      }
      if (target === 'tuner') {
        tuners++;
      } else {
        fits++;
      }
      for (const { keyword, expression } of edit.notLiteral) {
        warnings.push({
          code: 'value-not-literal',
          cellIndex,
          keyword,
          expression,
          message: `${keyword} in cell ${cellIndex + 1} is set by an expression (${expression}), so it was left as it is. Edit that cell to set it yourself.`
        });
      }
      if (edit.splices.length > 0) {
        cellEdit ??= {
          cellIndex,
          target,
          before: text,
          after: text,
          changes: [],
          splices: []
        };
        cellEdit.changes.push(...edit.changes);
        cellEdit.splices!.push(...edit.splices);
      }
    }
    if (cellEdit) {
      cellEdit.splices!.sort((a, b) => a.start - b.start);
      cellEdit.after = spliceText(text, cellEdit.splices!);
      edits.push(cellEdit);
    }
  });
  if (tuners === 0) {
    warnings.push({
      code: 'tuner-missing',
      message:
        'No HyperparameterTuner.create( call found (is the notebook truncated?), so max_jobs and max_parallel_jobs were not set. Set them where you create the tuner.'
    });
  }
  if (options.parallelJobs !== null && fits === 0) {
    warnings.push({
      code: 'fit-data-transformers-missing',
      message:
        'No fit_data_transformers( call found, so parallel_jobs was not set. Set it where you fit the data transformers.'
    });
  }
  return edits;
}

function unique(values: string[]): string[] {
  return Array.from(new Set(values));
}
