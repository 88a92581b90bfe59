/**
 * The trimmer's vocabulary. Nothing here knows about JupyterLab: the same plan
 * is applied to nbformat JSON by the CLI and to a live notebook by the UI.
 */

/** The part of an nbformat cell the trimmer reads. */
export interface ICellLike {
  cell_type: string;
  source: string | string[];
}

export interface ITrimOptions {
  /** `max_jobs` of `HyperparameterTuner.create`; default 8. */
  maxJobs?: number;
  /** `max_parallel_jobs` of `HyperparameterTuner.create`; default 4. */
  maxParallelJobs?: number;
  /** `fit_data_transformers(parallel_jobs=N)`; left unchanged when undefined. */
  parallelJobs?: number;
  /** Keep only these algorithms (e.g. `['xgboost', 'linear-learner']`); all when undefined or empty. */
  algorithms?: string[];
}

/** One `dppN-<algorithm>` candidate: its markdown cell and the `select_candidate` code cell after it. */
export interface ICandidate {
  /** e.g. `dpp0-xgboost` */
  name: string;
  dpp: number;
  algorithm: string;
  markdownIndex: number;
  codeIndex: number;
  /** False when the `select_candidate` call is commented out. */
  active: boolean;
}

/** One keyword value changed inside a code cell. */
export interface IValueChange {
  keyword: 'max_jobs' | 'max_parallel_jobs' | 'parallel_jobs';
  /** The value before, or null when the keyword was missing and a line is added. */
  from: number | null;
  to: number;
}

/** A new source for one code cell, by its index in the input cells. */
export interface ISourceEdit {
  cellIndex: number;
  target: 'tuner' | 'fitDataTransformers';
  before: string;
  after: string;
  changes: IValueChange[];
  /**
   * The same edit as replacements in `before`, ascending and disjoint, so a
   * source kept as a list of lines can be edited line by line.
   */
  splices?: ITextSplice[];
}

/** Replace `before.slice(start, end)` with `text`. */
export interface ITextSplice {
  start: number;
  end: number;
  text: string;
}

/**
 * A warning has a code and values so a UI can translate it, and an English
 * message for the CLI.
 */
export interface ITrimWarning {
  code:
    | 'algorithm-absent'
    | 'tuner-missing'
    | 'fit-data-transformers-missing'
    | 'value-not-literal';
  /** The algorithm, for `algorithm-absent`. */
  algorithm?: string;
  /** The cell, for `value-not-literal`. */
  cellIndex?: number;
  /** The keyword and the expression left as it is, for `value-not-literal`. */
  keyword?: IValueChange['keyword'];
  expression?: string;
  message: string;
}

export type NotCandidateReason =
  | 'no-cells'
  | 'ensembling'
  | 'data-exploration'
  | 'no-active-candidates'
  /** Candidates exist, but every `select_candidate` call is commented out. */
  | 'all-candidates-inactive'
  /** Option `algorithms` names no algorithm with an active candidate. */
  | 'no-listed-algorithm';

export type ITrimPlan =
  | {
      kind: 'trim';
      candidates: ICandidate[];
      kept: ICandidate[];
      removed: ICandidate[];
      /** Indices of cells to delete, ascending. */
      deleteIndices: number[];
      edits: ISourceEdit[];
      warnings: ITrimWarning[];
      /** False when applying the plan would change nothing. */
      changesAnything: boolean;
    }
  | {
      kind: 'refuse';
      reason: NotCandidateReason;
      /** English explanation with a next step. */
      message: string;
      /** Algorithms with an active candidate, for `no-listed-algorithm`. */
      algorithms?: string[];
      /** Number of inactive candidates, for `all-candidates-inactive`. */
      inactiveCount?: number;
    };
