/**
 * Quota guidance, before the user runs the candidate notebook: which
 * instances the trimmed notebook will start, what the account's SageMaker
 * quotas allow, and the `max_parallel_jobs` and
 * `fit_data_transformers(parallel_jobs=…)` values that fit. Pure: the
 * notebook's cells and the quotas are given.
 *
 * New accounts often allow only a few instances of a type; the generated
 * notebook asks for 7 transformers and 7 tuning jobs at once, and fails with
 * `ResourceLimitExceeded`.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IQuota } from '../aws/serviceQuotas';
import {
  DEFAULT_MAX_JOBS,
  DEFAULT_MAX_PARALLEL_JOBS,
  planTrim,
  sourceText,
  type ICandidate,
  type ICellLike,
  type ITrimOptions
} from '../trim';

/** Instances of one type that one job of a kind uses. */
export interface IInstanceUse {
  instanceType: string;
  /** The most instances one job of this type uses. */
  instanceCount: number;
  /** The kept candidates (`dpp0-xgboost`) whose jobs use it. */
  candidates: string[];
}

/**
 * What the trimmed notebook will start, per kind of job.
 */
export interface INotebookInstanceUse {
  /** The kept candidates. */
  candidates: string[];
  /** `fit_data_transformers`: one training job per candidate's transformer… */
  transformerTraining: IInstanceUse[];
  /** …then one batch transform job per candidate. */
  transformerTransform: IInstanceUse[];
  /** The tuner's training jobs, on each kept algorithm's instances. */
  algorithmTraining: IInstanceUse[];
  /** The values the notebook has now (null when absent or not a literal). */
  parallelJobs: number | null;
  maxParallelJobs: number | null;
  maxJobs: number | null;
}

/** One block's `{"instance_type": "...", "instance_count": N}`. */
interface IResourceConfig {
  instanceType: string;
  instanceCount: number;
}

/** The text of `{…}` that follows `"key":` in `code`, from `from`; braces matched. */
function dictAfter(code: string, key: string, from = 0): string | null {
  const at = code.indexOf(`"${key}"`, from);
  if (at < 0) {
    return null;
  }
  const open = code.indexOf('{', at);
  if (open < 0) {
    return null;
  }
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      if (c === '\\') {
        i++;
      } else if (c === quote) {
        quote = null;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '{') {
      depth++;
    } else if (c === '}' && --depth === 0) {
      return code.slice(open, i + 1);
    }
  }
  return null;
}

function resourceConfig(
  block: string | null,
  key: string
): IResourceConfig | null {
  const config = block ? dictAfter(block, key) : null;
  if (!config) {
    return null;
  }
  const type = /["']instance_type["']\s*:\s*["']([^"']+)["']/.exec(config);
  const count = /["']instance_count["']\s*:\s*(\d+)/.exec(config);
  return type
    ? { instanceType: type[1], instanceCount: count ? Number(count[1]) : 1 }
    : null;
}

/** Lines that are comments say nothing about what runs. */
function withoutCommentLines(code: string): string {
  return code
    .split('\n')
    .filter(line => !line.trim().startsWith('#'))
    .join('\n');
}

function literalKeyword(code: string, keyword: string): number | null {
  const match = new RegExp(`(?<![\\w])${keyword}\\s*=\\s*(\\d+)\\b`).exec(code);
  return match ? Number(match[1]) : null;
}

function addUse(
  uses: Map<string, IInstanceUse>,
  config: IResourceConfig | null,
  candidate: string
): void {
  if (!config) {
    return;
  }
  const use = uses.get(config.instanceType);
  if (use) {
    use.instanceCount = Math.max(use.instanceCount, config.instanceCount);
    use.candidates.push(candidate);
  } else {
    uses.set(config.instanceType, { ...config, candidates: [candidate] });
  }
}

/**
 * The instances the notebook will use once trimmed with `options` (read from
 * the candidates the trim keeps), or null when it is no candidate notebook.
 */
export function readInstanceUse(
  cells: ReadonlyArray<ICellLike>,
  options: ITrimOptions = {}
): INotebookInstanceUse | null {
  const plan = planTrim(cells, options);
  if (plan.kind !== 'trim') {
    return null;
  }
  const training = new Map<string, IInstanceUse>();
  const transform = new Map<string, IInstanceUse>();
  const algorithm = new Map<string, IInstanceUse>();
  for (const candidate of plan.kept) {
    const code = withoutCommentLines(
      sourceText(cells[candidate.codeIndex].source)
    );
    const transformer = dictAfter(code, 'data_transformer');
    addUse(
      training,
      resourceConfig(transformer, 'training_resource_config'),
      candidate.name
    );
    addUse(
      transform,
      resourceConfig(transformer, 'transform_resource_config'),
      candidate.name
    );
    addUse(
      algorithm,
      resourceConfig(dictAfter(code, 'algorithm'), 'training_resource_config'),
      candidate.name
    );
  }
  const kept = new Set(plan.kept.map((c: ICandidate) => c.codeIndex));
  const otherCode = cells
    .map((cell, i) =>
      cell.cell_type === 'code' && !kept.has(i) ? sourceText(cell.source) : ''
    )
    .map(withoutCommentLines)
    .join('\n');
  const fitCall = /fit_data_transformers\s*\(([^)]*)\)/.exec(otherCode);
  return {
    candidates: plan.kept.map(c => c.name),
    transformerTraining: [...training.values()],
    transformerTransform: [...transform.values()],
    algorithmTraining: [...algorithm.values()],
    parallelJobs: fitCall ? literalKeyword(fitCall[1], 'parallel_jobs') : null,
    maxParallelJobs: literalKeyword(otherCode, 'max_parallel_jobs'),
    maxJobs: literalKeyword(otherCode, 'max_jobs')
  };
}

/**
 * A quota that bounds a value: how many jobs of the kind fit in it.
 */
export interface IQuotaLimit {
  quotaName: string;
  quotaCode: string;
  /** The account's value (or AWS's default, when none is applied). */
  value: number;
  applied: boolean;
  /** The instance type it counts, or null for "all instances". */
  instanceType: string | null;
  /** Instances one job takes from it. */
  perJob: number;
  /** floor(value / perJob): jobs that can run at once. */
  fits: number;
  /** The Service Quotas console page to request an increase. */
  requestUrl: string;
}

export interface IQuotaProposal {
  /** False when the quotas could not be read: the values are the defaults. */
  quotasRead: boolean;
  /** For the trim: the tuner's `max_parallel_jobs`. */
  maxParallelJobs: number;
  /** For the trim: `fit_data_transformers(parallel_jobs=…)`. */
  parallelJobs: number;
  /** The quota that set each value, when one did. */
  limitedBy: {
    maxParallelJobs: IQuotaLimit | null;
    parallelJobs: IQuotaLimit | null;
  };
  /** Quotas that allow no job at all: the notebook cannot run until raised. */
  blocked: IQuotaLimit[];
  /** What to tell the user, translated, one sentence each. */
  messages: string[];
}

/** The Service Quotas console page of one SageMaker quota. */
export function quotaRequestUrl(region: string, quotaCode: string): string {
  const host = region.startsWith('cn-')
    ? `${region}.console.amazonaws.cn`
    : `${region}.console.aws.amazon.com`;
  return `https://${host}/servicequotas/home/services/sagemaker/quotas/${encodeURIComponent(quotaCode)}`;
}

type JobKind = 'training' | 'transform';

function findQuota(
  quotas: readonly IQuota[],
  name: string
): IQuota | undefined {
  const wanted = name.toLowerCase();
  return quotas.find(q => q.name.toLowerCase() === wanted);
}

/**
 * The quotas that bound running jobs of `kind` on `uses` at once: each
 * instance type's own quota, and the quota on all instances of the kind.
 */
function limitsFor(
  kind: JobKind,
  uses: readonly IInstanceUse[],
  quotas: readonly IQuota[],
  region: string
): IQuotaLimit[] {
  const limits: IQuotaLimit[] = [];
  const make = (
    quota: IQuota,
    instanceType: string | null,
    perJob: number
  ): IQuotaLimit => ({
    quotaName: quota.name,
    quotaCode: quota.code,
    value: quota.value,
    applied: quota.applied,
    instanceType,
    perJob,
    fits: Math.floor(quota.value / Math.max(1, perJob)),
    requestUrl: quotaRequestUrl(region, quota.code)
  });
  for (const use of uses) {
    const quota = findQuota(
      quotas,
      `${use.instanceType} for ${kind} job usage`
    );
    if (quota) {
      limits.push(make(quota, use.instanceType, use.instanceCount));
    }
  }
  const all = findQuota(quotas, `Number of instances across all ${kind} jobs`);
  if (all && uses.length) {
    limits.push(make(all, null, Math.max(...uses.map(u => u.instanceCount))));
  }
  return limits;
}

function tightest(limits: readonly IQuotaLimit[]): IQuotaLimit | null {
  return limits.reduce<IQuotaLimit | null>(
    (best, limit) => (best === null || limit.fits < best.fits ? limit : best),
    null
  );
}

export interface IProposalOptions {
  region: string;
  /** What the user wants at most (default: the trim's defaults). */
  maxJobs?: number;
  maxParallelJobs?: number;
  /** Why the quotas could not be read, when `quotas` is null. */
  quotaError?: string;
}

/**
 * The parallelism that fits the quotas. Without quotas (`null`: no
 * permission, or none answered), the trim's defaults, said so.
 */
export function proposeParallelism(
  use: INotebookInstanceUse,
  quotas: readonly IQuota[] | null,
  options: IProposalOptions,
  trans: TranslationBundle
): IQuotaProposal {
  const maxJobs = options.maxJobs ?? DEFAULT_MAX_JOBS;
  const wantedParallel = Math.min(
    options.maxParallelJobs ?? DEFAULT_MAX_PARALLEL_JOBS,
    maxJobs
  );
  // One transformer per kept candidate: more in parallel would wait for nothing.
  const wantedTransformers = Math.max(1, use.candidates.length);
  if (quotas === null) {
    return {
      quotasRead: false,
      maxParallelJobs: wantedParallel,
      parallelJobs: wantedTransformers,
      limitedBy: { maxParallelJobs: null, parallelJobs: null },
      blocked: [],
      messages: [
        options.quotaError
          ? trans.__(
              'The account’s SageMaker quotas could not be read (%1), so the values stay at their defaults: max_parallel_jobs=%2, parallel_jobs=%3.',
              options.quotaError,
              wantedParallel,
              wantedTransformers
            )
          : trans.__(
              'The account’s SageMaker quotas could not be read, so the values stay at their defaults: max_parallel_jobs=%1, parallel_jobs=%2.',
              wantedParallel,
              wantedTransformers
            )
      ]
    };
  }

  const tuning = limitsFor(
    'training',
    use.algorithmTraining,
    quotas,
    options.region
  );
  const transformers = [
    ...limitsFor('training', use.transformerTraining, quotas, options.region),
    ...limitsFor('transform', use.transformerTransform, quotas, options.region)
  ];
  const blocked = [...tuning, ...transformers].filter(
    (l, i, all) =>
      l.fits < 1 && all.findIndex(o => o.quotaCode === l.quotaCode) === i
  );
  const tuningLimit = tightest(tuning);
  const transformerLimit = tightest(transformers);
  const maxParallelJobs = Math.max(
    1,
    Math.min(wantedParallel, tuningLimit?.fits ?? wantedParallel)
  );
  const parallelJobs = Math.max(
    1,
    Math.min(wantedTransformers, transformerLimit?.fits ?? wantedTransformers)
  );

  const messages: string[] = [];
  const explain = (
    keyword: string,
    value: number,
    wanted: number,
    limit: IQuotaLimit | null
  ) => {
    if (limit && limit.fits < wanted && limit.fits >= 1) {
      messages.push(
        trans.__(
          '%1=%2: the quota “%3” is %4 and each job uses %5, so at most %6 run at once. To run more, request an increase: %7',
          keyword,
          value,
          limit.quotaName,
          limit.value,
          limit.perJob,
          limit.fits,
          limit.requestUrl
        )
      );
    } else if (limit) {
      messages.push(
        trans.__('%1=%2 fits the account’s quotas.', keyword, value)
      );
    }
  };
  explain('max_parallel_jobs', maxParallelJobs, wantedParallel, tuningLimit);
  explain('parallel_jobs', parallelJobs, wantedTransformers, transformerLimit);
  for (const limit of blocked) {
    messages.push(
      trans.__(
        'The quota “%1” is %2, so jobs on %3 cannot start at all: the notebook will fail with ResourceLimitExceeded until it is raised. Request an increase: %4',
        limit.quotaName,
        limit.value,
        limit.instanceType ?? trans.__('any instance'),
        limit.requestUrl
      )
    );
  }
  if (!tuning.length && !transformers.length) {
    messages.push(
      trans.__(
        'None of the account’s quotas names the instance types the notebook uses, so nothing limits the values: max_parallel_jobs=%1, parallel_jobs=%2.',
        maxParallelJobs,
        parallelJobs
      )
    );
  }
  return {
    quotasRead: true,
    maxParallelJobs,
    parallelJobs,
    limitedBy: {
      maxParallelJobs:
        tuningLimit && tuningLimit.fits < wantedParallel ? tuningLimit : null,
      parallelJobs:
        transformerLimit && transformerLimit.fits < wantedTransformers
          ? transformerLimit
          : null
    },
    blocked,
    messages
  };
}
