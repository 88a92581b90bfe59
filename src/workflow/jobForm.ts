/**
 * The Job step's form: its values, their defaults from the Dataset step and
 * the AWS context, and the rules checked as the user types, each failing
 * rule with a translated reason to show beside its field. No DOM: the view
 * renders `JobForm.issues` and calls `JobForm.update()`.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { Debouncer } from '@lumino/polling';
import { Signal, type ISignal } from '@lumino/signaling';

import type {
  ICreateJobRequest,
  ProblemType,
  TrainingMode
} from '../aws/autopilot';
import {
  DEFAULT_METRIC,
  isMetricFor,
  isProblemType,
  OBJECTIVE_METRICS
} from './objectiveMetrics';

/** botocore's `AutoMLJobName` pattern, anchored; at most 32 characters. */
export const JOB_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/;
export const JOB_NAME_MAX_LENGTH = 32;
/** botocore's `RoleArn` pattern, anchored. */
export const ROLE_ARN_PATTERN =
  /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
/** An `s3://bucket/key` URI with a valid bucket name. */
const S3_URI_PATTERN = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/;
/** botocore's `MaxCandidates` range. */
export const MAX_CANDIDATES_LIMIT = 750;
/** Below this, `AUTO` picks ensembling (AWS's `TabularJobConfig.Mode`). */
export const ENSEMBLING_THRESHOLD_BYTES = 100 * 1024 * 1024;

export type RunKind = 'pilot' | 'complete';

export interface IJobFormValues {
  name: string;
  trainUri: string;
  /** Empty: Autopilot splits the training data itself. */
  validationUri: string;
  outputUri: string;
  target: string;
  /** Empty: Autopilot infers it (and the metric must then be empty too). */
  problemType: ProblemType | '';
  /** Empty: Autopilot's default for the problem type. */
  metric: string;
  roleArn: string;
  run: RunKind;
  trainingMode: TrainingMode;
  /** `complete` only. */
  maxCandidates: number;
  /** `complete` only: the job's runtime limit, in minutes. */
  maxRuntimeMinutes: number;
  /** `complete` only: the user confirmed the cost estimate. */
  costConfirmed: boolean;
}

export type JobFormField = keyof IJobFormValues;

/**
 * What the form knows from earlier steps and the AWS context.
 */
export interface IJobFormContext {
  /** The uploaded file's header. */
  header: string[];
  /** `s3://…` of the uploaded train and validation files. */
  trainUri: string;
  validationUri: string | null;
  /** The bucket and prefix of the upload; output goes to `<prefix>/output`. */
  bucket: string;
  prefix: string;
  /** The context's execution role, if any. */
  executionRoleArn: string | null;
  /** The dataset's name (e.g. `churn`) and the workflow id, for the default job name. */
  datasetName: string;
  workflowId: string;
  /** From the profile, when it suggested them. */
  target?: string;
  problemType?: ProblemType;
  /** The training file's size, for the `AUTO` mode's ensembling note. */
  trainBytes?: number;
  /** The AWS region, for the cost estimate's note. */
  region?: string;
}

/**
 * One message about a field: an `error` blocks creating the job; a `note`
 * explains a choice (e.g. what `AUTO` does).
 */
export interface IFieldIssue {
  severity: 'error' | 'note';
  message: string;
}

export type JobFormIssues = Partial<Record<JobFormField, IFieldIssue>>;

/**
 * A job name made from the dataset's name and the workflow id, valid for
 * AWS and at most 32 characters.
 */
export function suggestJobName(
  datasetName: string,
  workflowId: string
): string {
  const suffix = `-${workflowId.toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(
    0,
    13
  );
  const stem =
    datasetName
      .replace(/[^a-zA-Z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, JOB_NAME_MAX_LENGTH - suffix.length)
      .replace(/-+$/, '') || 'autopilot';
  return `${stem}${suffix}`;
}

/**
 * The `n`th suggestion after `name` was taken (a second job of one
 * workflow): `churn-ab12cd34ef56-2`, within the name's 32 characters.
 */
export function numberedJobName(name: string, n: number): string {
  const suffix = `-${n}`;
  return (
    name.slice(0, JOB_NAME_MAX_LENGTH - suffix.length).replace(/-+$/, '') +
    suffix
  );
}

/** How many numbered names the form tries before it leaves the choice to the user. */
const NUMBERED_NAME_TRIES = 9;

/** `s3://<bucket>/<prefix>/output`. */
export function defaultOutputUri(bucket: string, prefix: string): string {
  const cleanPrefix = prefix.replace(/^\/+|\/+$/g, '');
  return cleanPrefix
    ? `s3://${bucket}/${cleanPrefix}/output`
    : `s3://${bucket}/output`;
}

/**
 * The form's values before the user changes anything.
 */
export function defaultJobFormValues(context: IJobFormContext): IJobFormValues {
  const problemType = context.problemType ?? '';
  return {
    name: suggestJobName(context.datasetName, context.workflowId),
    trainUri: context.trainUri,
    validationUri: context.validationUri ?? '',
    outputUri: defaultOutputUri(context.bucket, context.prefix),
    target:
      context.target && context.header.includes(context.target)
        ? context.target
        : '',
    problemType,
    metric: problemType ? DEFAULT_METRIC[problemType] : '',
    roleArn: context.executionRoleArn ?? '',
    run: 'pilot',
    trainingMode: 'HYPERPARAMETER_TUNING',
    maxCandidates: 10,
    maxRuntimeMinutes: 240,
    costConfirmed: false
  };
}

function error(message: string): IFieldIssue {
  return { severity: 'error', message };
}

function note(message: string): IFieldIssue {
  return { severity: 'note', message };
}

function nameIssue(
  name: string,
  trans: TranslationBundle
): IFieldIssue | undefined {
  if (!name) {
    return error(trans.__('Enter a name for the job.'));
  }
  if (name.length > JOB_NAME_MAX_LENGTH) {
    return error(
      trans.__(
        'A job name has at most 32 characters; this one has %1.',
        name.length
      )
    );
  }
  if (!JOB_NAME_PATTERN.test(name)) {
    return error(
      trans.__(
        'Use only letters, digits and hyphens, starting and ending with a letter or digit.'
      )
    );
  }
  return undefined;
}

function s3Issue(
  uri: string,
  required: boolean,
  trans: TranslationBundle
): IFieldIssue | undefined {
  if (!uri) {
    return required
      ? error(trans.__('Enter an S3 URI (s3://bucket/key).'))
      : undefined;
  }
  if (!S3_URI_PATTERN.test(uri)) {
    return error(
      trans.__(
        '%1 is not an S3 URI: write it as s3://bucket/key, with a valid bucket name.',
        uri
      )
    );
  }
  return undefined;
}

function targetIssue(
  target: string,
  header: string[],
  trans: TranslationBundle
): IFieldIssue | undefined {
  if (!target) {
    return error(trans.__('Choose the column to predict.'));
  }
  if (header.includes(target)) {
    return undefined;
  }
  const near = header.find(
    column => column.trim().toLowerCase() === target.trim().toLowerCase()
  );
  return error(
    near
      ? trans.__(
          '%1 is not a column of the uploaded file; did you mean %2? Column names are compared exactly.',
          target,
          near
        )
      : trans.__(
          '%1 is not a column of the uploaded file. Choose one of its %2 columns.',
          target,
          header.length
        )
  );
}

function metricIssue(
  values: IJobFormValues,
  trans: TranslationBundle
): IFieldIssue | undefined {
  if (!values.metric) {
    return undefined;
  }
  if (!values.problemType) {
    return error(
      trans.__(
        'Choose the problem type first: which metrics apply depends on it.'
      )
    );
  }
  if (!isMetricFor(values.problemType, values.metric)) {
    return error(
      trans.__(
        '%1 is not a metric for %2. Choose one of: %3.',
        values.metric,
        problemTypeLabel(values.problemType, trans),
        OBJECTIVE_METRICS[values.problemType].join(', ')
      )
    );
  }
  return undefined;
}

function modeIssue(
  values: IJobFormValues,
  context: Pick<IJobFormContext, 'trainBytes'>,
  trans: TranslationBundle
): IFieldIssue | undefined {
  if (values.run !== 'pilot') {
    return undefined;
  }
  if (values.trainingMode === 'ENSEMBLING') {
    return error(
      trans.__(
        'Ensembling makes no candidate notebook, which is what a pilot is for. Choose hyperparameter tuning.'
      )
    );
  }
  if (values.trainingMode === 'AUTO') {
    const small =
      context.trainBytes !== undefined &&
      context.trainBytes < ENSEMBLING_THRESHOLD_BYTES;
    return small
      ? error(
          trans.__(
            'With AUTO, Autopilot picks ensembling for datasets under 100 MB, as this one is, and ensembling makes no candidate notebook. Choose hyperparameter tuning.'
          )
        )
      : note(
          trans.__(
            'With AUTO, Autopilot picks ensembling for datasets under 100 MB, and ensembling makes no candidate notebook.'
          )
        );
  }
  return undefined;
}

function completeIssues(
  values: IJobFormValues,
  context: Pick<IJobFormContext, 'region'>,
  trans: TranslationBundle
): JobFormIssues {
  if (values.run !== 'complete') {
    return {};
  }
  const issues: JobFormIssues = {};
  if (
    !Number.isInteger(values.maxCandidates) ||
    values.maxCandidates < 1 ||
    values.maxCandidates > MAX_CANDIDATES_LIMIT
  ) {
    issues.maxCandidates = error(
      trans.__(
        'Enter a whole number of candidates from 1 to %1.',
        MAX_CANDIDATES_LIMIT
      )
    );
  }
  if (
    !Number.isInteger(values.maxRuntimeMinutes) ||
    values.maxRuntimeMinutes < 1
  ) {
    issues.maxRuntimeMinutes = error(
      trans.__('Enter the runtime limit in whole minutes, at least 1.')
    );
  }
  if (!issues.maxCandidates && !issues.maxRuntimeMinutes) {
    const estimate = estimateCompleteCost(values);
    const text = trans.__(
      'A complete run trains up to %1 candidates and is billed: roughly $%2, at most about $%3 if it runs to its %4-minute limit (on-demand ml.m5.4xlarge prices of us-east-1; %5 may differ).',
      values.maxCandidates,
      estimate.likelyUsd.toFixed(0),
      estimate.upperUsd.toFixed(0),
      values.maxRuntimeMinutes,
      context.region ?? 'your region'
    );
    issues.costConfirmed = values.costConfirmed
      ? note(text)
      : error(`${text} ${trans.__('Confirm the cost to create the job.')}`);
  }
  return issues;
}

/**
 * An estimate of a complete run's cost, stated as such: AWS bills by the
 * instances Autopilot starts, which the form cannot know in advance.
 */
export interface ICostEstimate {
  likelyUsd: number;
  upperUsd: number;
  /** The assumptions, for the view's "how is this computed" text. */
  hourlyUsd: number;
  instanceType: string;
  parallelJobs: number;
}

/** ml.m5.4xlarge training, on demand, us-east-1 (AWS's price list). */
const HOURLY_USD = 0.922;
/** Autopilot's analysis and feature engineering, in instance-hours. */
const FIXED_INSTANCE_HOURS = 0.5;
/** A candidate's training job, in instance-hours (about 10 minutes). */
const CANDIDATE_INSTANCE_HOURS = 1 / 6;
/** Autopilot runs this many training jobs at once. */
const PARALLEL_JOBS = 10;

export function estimateCompleteCost(
  values: Pick<IJobFormValues, 'maxCandidates' | 'maxRuntimeMinutes'>
): ICostEstimate {
  const likelyHours =
    FIXED_INSTANCE_HOURS + values.maxCandidates * CANDIDATE_INSTANCE_HOURS;
  const upperHours = (values.maxRuntimeMinutes / 60) * PARALLEL_JOBS;
  return {
    likelyUsd: Math.min(likelyHours, upperHours) * HOURLY_USD,
    upperUsd: upperHours * HOURLY_USD,
    hourlyUsd: HOURLY_USD,
    instanceType: 'ml.m5.4xlarge',
    parallelJobs: PARALLEL_JOBS
  };
}

export function problemTypeLabel(
  problemType: ProblemType,
  trans: TranslationBundle
): string {
  switch (problemType) {
    case 'BinaryClassification':
      return trans.__('binary classification');
    case 'MulticlassClassification':
      return trans.__('multiclass classification');
    case 'Regression':
      return trans.__('regression');
  }
}

/**
 * Every synchronous rule, on the current values. The name's uniqueness is
 * checked apart (`JobForm`), since it asks AWS.
 */
export function validateJobForm(
  values: IJobFormValues,
  context: Pick<IJobFormContext, 'header' | 'trainBytes' | 'region'>,
  trans: TranslationBundle
): JobFormIssues {
  const issues: JobFormIssues = {
    name: nameIssue(values.name, trans),
    trainUri: s3Issue(values.trainUri, true, trans),
    validationUri: s3Issue(values.validationUri, false, trans),
    outputUri: s3Issue(values.outputUri, true, trans),
    target: targetIssue(values.target, context.header, trans),
    problemType:
      values.problemType && !isProblemType(values.problemType)
        ? error(
            trans.__(
              'Choose binary classification, multiclass classification or regression.'
            )
          )
        : undefined,
    metric: metricIssue(values, trans),
    roleArn: !values.roleArn
      ? error(
          trans.__(
            'Enter the ARN of the IAM role Autopilot runs as (arn:aws:iam::<account>:role/<name>).'
          )
        )
      : ROLE_ARN_PATTERN.test(values.roleArn)
        ? undefined
        : error(
            trans.__(
              '%1 is not an IAM role ARN: write it as arn:aws:iam::<12-digit account>:role/<name>.',
              values.roleArn
            )
          ),
    trainingMode: modeIssue(values, context, trans),
    ...completeIssues(values, context, trans)
  };
  for (const key of Object.keys(issues) as JobFormField[]) {
    if (issues[key] === undefined) {
      delete issues[key];
    }
  }
  return issues;
}

export function hasErrors(issues: JobFormIssues): boolean {
  return Object.values(issues).some(issue => issue?.severity === 'error');
}

/**
 * The create request for valid values (`tags` from the workflow).
 */
export function toCreateRequest(
  values: IJobFormValues,
  tags: Record<string, string>
): ICreateJobRequest {
  return {
    name: values.name,
    trainUri: values.trainUri,
    validationUri: values.validationUri || null,
    outputUri: values.outputUri,
    target: values.target,
    problemType: values.problemType || undefined,
    metric: values.metric || undefined,
    roleArn: values.roleArn,
    run: values.run,
    trainingMode: values.trainingMode,
    ...(values.run === 'complete'
      ? {
          maxCandidates: values.maxCandidates,
          maxRuntimeSeconds: values.maxRuntimeMinutes * 60
        }
      : {}),
    tags
  };
}

/**
 * The state of the name's uniqueness check.
 */
export type NameCheck =
  | 'idle'
  | 'checking'
  | 'unique'
  | 'taken'
  /** AWS could not be asked (e.g. no permission): creating will tell. */
  | 'unknown';

export interface IJobFormOptions {
  context: IJobFormContext;
  trans: TranslationBundle;
  /** Whether a job of this name exists (AWS compares without case). */
  jobExists: (name: string) => Promise<boolean>;
  /** Milliseconds of quiet typing before the name is checked (default 400). */
  nameCheckDelay?: number;
}

/**
 * The form as a model: values, issues recomputed on every change, and the
 * name's uniqueness checked against AWS once the user stops typing.
 */
export class JobForm {
  constructor(options: IJobFormOptions) {
    this._context = options.context;
    this._trans = options.trans;
    this._jobExists = options.jobExists;
    this._values = defaultJobFormValues(options.context);
    this._suggestion = this._values.name;
    this._debouncer = new Debouncer(
      () => this._checkName(),
      options.nameCheckDelay ?? 400
    );
    this._validate();
    void this._debouncer.invoke();
  }

  /** Emitted when values, issues or the name check change. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get values(): Readonly<IJobFormValues> {
    return this._values;
  }

  get issues(): JobFormIssues {
    return this._issues;
  }

  get nameCheck(): NameCheck {
    return this._nameCheck;
  }

  /** True when nothing blocks creating the job. */
  get canSubmit(): boolean {
    return !hasErrors(this._issues) && this._nameCheck !== 'checking';
  }

  /**
   * Changes some values. Picking a problem type picks its default metric
   * when the current one does not fit it.
   */
  update(patch: Partial<IJobFormValues>): void {
    const next = { ...this._values, ...patch };
    if (
      patch.problemType !== undefined &&
      next.problemType &&
      !isMetricFor(next.problemType, next.metric)
    ) {
      next.metric = DEFAULT_METRIC[next.problemType];
    }
    if (patch.problemType === '' && patch.metric === undefined) {
      next.metric = '';
    }
    if (
      patch.maxCandidates !== undefined ||
      patch.maxRuntimeMinutes !== undefined ||
      patch.run !== undefined
    ) {
      // A new estimate needs a new confirmation.
      next.costConfirmed = patch.costConfirmed ?? false;
    }
    const nameChanged = next.name !== this._values.name;
    if (nameChanged) {
      // The user's own name: never replaced by a numbered suggestion.
      this._suggestion = null;
    }
    this._values = next;
    if (nameChanged) {
      this._nameCheck = 'idle';
      this._checkedName = null;
      void this._debouncer.invoke();
    }
    this._validate();
    this._changed.emit();
  }

  /**
   * Checks the name now (e.g. just before creating), resolving to the
   * check's result.
   */
  async checkName(): Promise<NameCheck> {
    await this._checkName();
    return this._nameCheck;
  }

  dispose(): void {
    this._debouncer.dispose();
    Signal.clearData(this);
  }

  private async _checkName(): Promise<void> {
    let name = this._values.name;
    if (nameIssue(name, this._trans) || this._checkedName === name) {
      return;
    }
    this._nameCheck = 'checking';
    this._validate();
    this._changed.emit();
    let result: NameCheck;
    try {
      result = (await this._jobExists(name)) ? 'taken' : 'unique';
    } catch {
      result = 'unknown';
    }
    if (this._values.name !== name) {
      return; // The user typed on; the newer name's check decides.
    }
    if (result === 'taken' && this._suggestion === name) {
      // The form's own suggestion is taken (the workflow's earlier job):
      // it suggests the next free numbered name instead.
      const free = await this._freeNumberedName(name);
      if (free && this._values.name === name) {
        this._values = { ...this._values, name: free };
        this._suggestion = free;
        name = free;
        result = 'unique';
      }
    }
    this._checkedName = name;
    this._nameCheck = result;
    this._validate();
    this._changed.emit();
  }

  private async _freeNumberedName(taken: string): Promise<string | null> {
    for (let n = 2; n < 2 + NUMBERED_NAME_TRIES; n++) {
      const candidate = numberedJobName(taken, n);
      try {
        if (!(await this._jobExists(candidate))) {
          return candidate;
        }
      } catch {
        return null;
      }
    }
    return null;
  }

  private _validate(): void {
    const issues = validateJobForm(this._values, this._context, this._trans);
    if (!issues.name) {
      if (this._nameCheck === 'taken') {
        issues.name = error(
          this._trans.__(
            'A job named %1 already exists in this account and region (AWS compares names without regard to case). Choose another name, or attach to that job.',
            this._values.name
          )
        );
      } else if (this._nameCheck === 'checking') {
        issues.name = note(this._trans.__('Checking that the name is free…'));
      } else if (this._nameCheck === 'unknown') {
        issues.name = note(
          this._trans.__(
            'Could not check whether the name is free; creating the job will tell.'
          )
        );
      }
    }
    this._issues = issues;
  }

  private readonly _context: IJobFormContext;
  private readonly _trans: TranslationBundle;
  private readonly _jobExists: (name: string) => Promise<boolean>;
  private readonly _debouncer: Debouncer;
  private readonly _changed = new Signal<this, void>(this);
  private _values: IJobFormValues;
  private _issues: JobFormIssues = {};
  private _nameCheck: NameCheck = 'idle';
  private _checkedName: string | null = null;
  /** The name the form suggested, while the user has not typed another. */
  private _suggestion: string | null;
}
