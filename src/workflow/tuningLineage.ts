/**
 * Which tuning jobs belong to the workflow, by lineage: the trimmed
 * candidate notebook starts them with `HyperparameterTuner.create(
 * base_tuning_job_name=…)`, and their training definitions read and write
 * under the AutoML job's S3 output prefix. Both must hold; the user may
 * still pick any tuning job of the account (`TuningStep.watch`).
 *
 * Pure: no AWS call, no JupyterLab.
 */
import type { ITuningJobDescription } from '../aws/tuning';

export interface ITuningLineage {
  /**
   * What the names of the notebook's tuning jobs begin with. The SageMaker
   * SDK names a tuning job `base[:20] + '-' + yymmdd-HHMM` (32 characters at
   * most), so this is at most the first 20 characters of the base name, and
   * fewer when the base is only partly literal (a `uid()` in it).
   */
  namePrefix: string;
  /** `s3://…` under which the definitions read and write; null if unknown. */
  s3Prefix: string | null;
}

/** The SDK's `name_from_base(base, max_length=32, short=True)` keeps this much of the base. */
export const TUNING_BASE_NAME_KEPT = 32 - 'yymmdd-HHMM'.length - 1;

interface INotebookLike {
  cells?: Array<{ cell_type?: string; source?: string | string[] }>;
}

function codeOf(notebook: INotebookLike): string {
  return (notebook.cells ?? [])
    .filter(cell => cell.cell_type === 'code')
    .map(cell =>
      Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? '')
    )
    .join('\n')
    .split('\n')
    .filter(line => !line.trim().startsWith('#'))
    .join('\n');
}

/** A Python string literal's content (no escapes beyond the plain ones candidate notebooks use). */
const STRING = String.raw`(?:'([^'\n]*)'|"([^"\n]*)")`;

function literal(match: RegExpMatchArray | null, group = 1): string | null {
  if (!match) {
    return null;
  }
  return match[group] ?? match[group + 1] ?? null;
}

/**
 * The literal start of a value that may be `'text{}'.format(...)`: the
 * text before the first `{}` (what follows is unknown), or the whole
 * literal. `complete` says whether the value is known entirely.
 */
function knownStart(
  template: string,
  formatArgument: string | null,
  resolve: (argument: string) => { text: string; complete: boolean } | null
): { text: string; complete: boolean } {
  const hole = template.indexOf('{}');
  if (hole < 0) {
    return { text: template, complete: true };
  }
  const before = template.slice(0, hole);
  const argument = formatArgument ? resolve(formatArgument.trim()) : null;
  if (!argument) {
    return { text: before, complete: false };
  }
  if (!argument.complete) {
    return { text: before + argument.text, complete: false };
  }
  return knownStart(
    before + argument.text + template.slice(hole + 2),
    null,
    () => null
  );
}

function assignment(code: string, name: string): RegExpMatchArray | null {
  return code.match(
    new RegExp(
      String.raw`^[ \t]*${name}[ \t]*=[ \t]*${STRING}(?:\.format\(([^)\n]*)\)?)?`,
      'm'
    )
  );
}

function configEntry(code: string, key: string): RegExpMatchArray | null {
  return code.match(
    new RegExp(
      String.raw`['"]${key}['"][ \t]*:[ \t]*${STRING}(?:\.format\(([^)\n]*)\)?)?`
    )
  );
}

/** The local AutoML job name as far as it is literal (`'x-notebook-run-{}'.format(uid())`). */
function localJobName(
  code: string
): { text: string; complete: boolean } | null {
  const match =
    assignment(code, 'LOCAL_AUTOML_JOB_NAME') ??
    configEntry(code, 'local_automl_job_name');
  const template = literal(match);
  if (template === null) {
    return null;
  }
  return knownStart(template, match![3] ?? null, () => null);
}

/**
 * The notebook's tuning job name prefix and S3 prefix, or null when the
 * notebook sets no `base_tuning_job_name` this can read.
 *
 * `automlOutputPrefix` (see `automlOutputPrefix()`) is used when the
 * notebook does not say `automl_output_s3_base_path`.
 */
export function lineageFromNotebook(
  notebook: unknown,
  automlOutputPrefix: string | null = null
): ITuningLineage | null {
  const code = codeOf((notebook ?? {}) as INotebookLike);
  const base = assignment(code, 'base_tuning_job_name');
  const template = literal(base);
  if (template === null) {
    return null;
  }
  const resolveArgument = (argument: string) =>
    /(^|\.)local_automl_job_name$|^LOCAL_AUTOML_JOB_NAME$/.test(argument)
      ? localJobName(code)
      : null;
  const known = knownStart(template, base![3] ?? null, resolveArgument);
  const namePrefix = known.text.slice(0, TUNING_BASE_NAME_KEPT);
  if (!namePrefix) {
    return null;
  }
  const s3 = literal(configEntry(code, 'automl_output_s3_base_path'));
  return {
    namePrefix,
    s3Prefix: trimSlashes(s3 ?? automlOutputPrefix ?? '') || null
  };
}

/** Where Autopilot writes a job's artifacts: `<S3OutputPath>/<job name>`. */
export function automlOutputPrefix(outputUri: string, jobName: string): string {
  return `${trimSlashes(outputUri)}/${jobName}`;
}

function trimSlashes(uri: string): string {
  return uri.trim().replace(/\/+$/, '');
}

/** Whether `uri` is `prefix` or lies under it (a key boundary, not any string prefix). */
export function isUnderPrefix(uri: string, prefix: string): boolean {
  const u = trimSlashes(uri);
  const p = trimSlashes(prefix);
  return p !== '' && (u === p || u.startsWith(p + '/'));
}

/** Whether a tuning job's name fits the lineage (AWS compares names without case). */
export function nameFitsLineage(
  name: string,
  lineage: ITuningLineage
): boolean {
  return name.toLowerCase().startsWith(lineage.namePrefix.toLowerCase());
}

/**
 * Whether every training definition of `job` reads or writes under the
 * lineage's S3 prefix. False without definitions or without a prefix.
 */
export function definitionsFitLineage(
  job: Pick<ITuningJobDescription, 'definitions'>,
  lineage: ITuningLineage
): boolean {
  const prefix = lineage.s3Prefix;
  if (!prefix || job.definitions.length === 0) {
    return false;
  }
  return job.definitions.every(
    d =>
      (d.outputPath !== null && isUnderPrefix(d.outputPath, prefix)) ||
      d.inputs.some(input => isUnderPrefix(input.uri, prefix))
  );
}

/** The workflow's tuning job: its name and its definitions fit the lineage. */
export function belongsToWorkflow(
  job: Pick<ITuningJobDescription, 'name' | 'definitions'>,
  lineage: ITuningLineage
): boolean {
  return (
    nameFitsLineage(job.name, lineage) && definitionsFitLineage(job, lineage)
  );
}
