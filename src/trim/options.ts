import { ITrimOptions } from './types';

/** `max_jobs` written into `HyperparameterTuner.create` when not given. */
export const DEFAULT_MAX_JOBS = 8;

/**
 * `max_parallel_jobs` written when not given. When only `maxJobs` is given
 * and is smaller, the default shrinks to it rather than failing validation.
 */
export const DEFAULT_MAX_PARALLEL_JOBS = 4;

/** The algorithms Autopilot generates candidates for (HPO mode). */
export const KNOWN_ALGORITHMS: ReadonlyArray<string> = [
  'xgboost',
  'linear-learner',
  'mlp'
];

/**
 * Algorithm names are matched against `dppN-<algorithm>` headers: lowercase
 * words of letters and digits joined by single hyphens. Names outside
 * KNOWN_ALGORITHMS are accepted so a future Autopilot algorithm needs no
 * release of ours. The settings schema's `algorithms.items.pattern` is this
 * same text (a test holds them equal).
 */
export const ALGORITHM_NAME_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
const ALGORITHM_NAME = new RegExp(ALGORITHM_NAME_PATTERN);

export type TrimOptionsField =
  'maxJobs' | 'maxParallelJobs' | 'parallelJobs' | 'algorithms';

/**
 * - `not-positive-integer`: a job count is not an integer >= 1 (or not a safe integer);
 * - `parallel-exceeds-max`: `maxParallelJobs` is greater than `maxJobs`;
 * - `invalid-algorithm`: an algorithm name does not match ALGORITHM_NAME_PATTERN.
 */
export type TrimOptionsErrorCode =
  'not-positive-integer' | 'parallel-exceeds-max' | 'invalid-algorithm';

/** The Python keyword each numeric option sets, used in messages. */
const KEYWORD: Record<Exclude<TrimOptionsField, 'algorithms'>, string> = {
  maxJobs: 'max_jobs',
  maxParallelJobs: 'max_parallel_jobs',
  parallelJobs: 'parallel_jobs'
};

/** Invalid trimming options; `message` says what to change. */
export class TrimOptionsError extends Error {
  readonly field: TrimOptionsField;
  readonly code: TrimOptionsErrorCode;
  /** The offending value, as given. */
  readonly value: unknown;

  constructor(
    field: TrimOptionsField,
    code: TrimOptionsErrorCode,
    value: unknown,
    message: string
  ) {
    super(message);
    this.name = 'TrimOptionsError';
    this.field = field;
    this.code = code;
    this.value = value;
  }
}

/** Options with every default applied; what the planner works with. */
export interface IResolvedTrimOptions {
  maxJobs: number;
  maxParallelJobs: number;
  parallelJobs: number | null;
  /** Deduplicated, in the given order; null means every algorithm. */
  algorithms: string[] | null;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function checkCount(
  field: Exclude<TrimOptionsField, 'algorithms'>,
  value: unknown
): TrimOptionsError | null {
  if (value === undefined || isPositiveInteger(value)) {
    return null;
  }
  return new TrimOptionsError(
    field,
    'not-positive-integer',
    value,
    `${KEYWORD[field]} must be a whole number of at least 1, not ${describe(value)}.`
  );
}

function checkAlgorithm(name: unknown): TrimOptionsError | null {
  if (typeof name === 'string' && ALGORITHM_NAME.test(name)) {
    return null;
  }
  const lower = typeof name === 'string' ? name.trim().toLowerCase() : '';
  const hint = ALGORITHM_NAME.test(lower)
    ? ` Did you mean "${lower}"?`
    : ` Known algorithms: ${KNOWN_ALGORITHMS.join(', ')}.`;
  return new TrimOptionsError(
    'algorithms',
    'invalid-algorithm',
    name,
    `${describe(name)} is not an algorithm name: use lowercase letters and digits, words joined by single hyphens, as in linear-learner.${hint}`
  );
}

/**
 * The first problem of `options`, or null when they are valid. Cheap and
 * side-effect free, so a dialog can call it on every keystroke.
 */
export function checkTrimOptions(
  options: ITrimOptions = {}
): TrimOptionsError | null {
  const countError =
    checkCount('maxJobs', options.maxJobs) ??
    checkCount('maxParallelJobs', options.maxParallelJobs) ??
    checkCount('parallelJobs', options.parallelJobs);
  if (countError) {
    return countError;
  }
  if (options.algorithms !== undefined) {
    if (!Array.isArray(options.algorithms)) {
      return checkAlgorithm(options.algorithms);
    }
    for (const name of options.algorithms) {
      const error = checkAlgorithm(name);
      if (error) {
        return error;
      }
    }
  }
  const { maxJobs, maxParallelJobs } = resolveCounts(options);
  if (maxParallelJobs > maxJobs) {
    return new TrimOptionsError(
      'maxParallelJobs',
      'parallel-exceeds-max',
      maxParallelJobs,
      `max_parallel_jobs (${maxParallelJobs}) must not exceed max_jobs (${maxJobs}): lower max_parallel_jobs or raise max_jobs.`
    );
  }
  return null;
}

function resolveCounts(options: ITrimOptions): {
  maxJobs: number;
  maxParallelJobs: number;
} {
  const maxJobs = options.maxJobs ?? DEFAULT_MAX_JOBS;
  const maxParallelJobs =
    options.maxParallelJobs ?? Math.min(DEFAULT_MAX_PARALLEL_JOBS, maxJobs);
  return { maxJobs, maxParallelJobs };
}

/** Validate and fill in defaults; throws TrimOptionsError. */
export function resolveTrimOptions(
  options: ITrimOptions = {}
): IResolvedTrimOptions {
  const error = checkTrimOptions(options);
  if (error) {
    throw error;
  }
  const algorithms =
    options.algorithms && options.algorithms.length > 0
      ? Array.from(new Set(options.algorithms))
      : null;
  return {
    ...resolveCounts(options),
    parallelJobs: options.parallelJobs ?? null,
    algorithms
  };
}
