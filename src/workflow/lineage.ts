/**
 * Which AWS resources the workflow made: the rules, with no AWS call. A
 * resource qualifies by the workflow's tag, or by lineage from the
 * workflow's own AutoML job: its S3 output prefix, or a name the workflow's
 * notebook derived from one of its base names. Never by a name that merely
 * looks alike: the clean-up deletes what qualifies.
 */

export interface IWorkflowIdentity {
  /** The tag every resource of the workflow carries (key and workflow id). */
  tag: { key: string; value: string };
  /** `s3://bucket/prefix` the workflow's AutoML job writes to, or `null`. */
  outputPrefix: string | null;
  /**
   * The names the workflow's candidate notebook runs under (its
   * `LOCAL_AUTOML_JOB_NAME`, unique per run), from which it derives its
   * tuning job (`<base>-tuning…`) and its model and endpoint (`AutoML-<base>`).
   */
  notebookBaseNames: string[];
}

/** Why a resource belongs to the workflow. */
export type Qualification =
  | 'tag'
  | 'output-prefix'
  | 'model-data'
  | 'derived-name'
  | 'parent-job'
  | 'endpoint-config'
  | 'model';

/**
 * A base name shorter than this could be a word anyone uses; the notebook's
 * are its job name plus a random suffix, far longer.
 */
const MIN_BASE_NAME_LENGTH = 12;

/** `s3://b/p/` and `s3://b/p` are one folder. */
function folder(uri: string): string {
  return uri.replace(/\/+$/, '');
}

/**
 * Whether `uri` lies in the folder `prefix` (`s3://b/wf/out` holds
 * `s3://b/wf/out/x`, not `s3://b/wf/output-2/x`).
 */
export function isUnderPrefix(uri: string, prefix: string): boolean {
  if (!uri.startsWith('s3://') || !prefix.startsWith('s3://')) {
    return false;
  }
  const root = folder(prefix);
  // A bucket alone is never a workflow's prefix: it may hold anything.
  if (!/^s3:\/\/[^/]+\/.+/.test(root)) {
    return false;
  }
  return uri === root || uri.startsWith(`${root}/`);
}

/**
 * Whether the notebook derived `name` from `base`: the base itself, the base
 * with a suffix after a dash (SageMaker adds timestamps, the notebook
 * `-tuning`), or the pipeline model's `AutoML-<base>`.
 */
export function derivesFrom(name: string, base: string): boolean {
  if (base.length < MIN_BASE_NAME_LENGTH) {
    return false;
  }
  return [base, `AutoML-${base}`].some(
    root => name === root || name.startsWith(`${root}-`)
  );
}

export function hasWorkflowTag(
  identity: IWorkflowIdentity,
  tags: Record<string, string> | null
): boolean {
  return !!tags && tags[identity.tag.key] === identity.tag.value;
}

function derivedName(identity: IWorkflowIdentity, name: string): boolean {
  return identity.notebookBaseNames.some(base => derivesFrom(name, base));
}

function underOutput(identity: IWorkflowIdentity, uri: string): boolean {
  return !!identity.outputPrefix && isUnderPrefix(uri, identity.outputPrefix);
}

/** A job: tuning, training, processing or transform. */
export function qualifyJob(
  identity: IWorkflowIdentity,
  job: {
    name: string;
    outputs: string[];
    parentArn: string | null;
    tags: Record<string, string> | null;
  },
  workflowJobArns: ReadonlySet<string> = new Set()
): Qualification | null {
  if (hasWorkflowTag(identity, job.tags)) {
    return 'tag';
  }
  if (job.parentArn && workflowJobArns.has(job.parentArn)) {
    return 'parent-job';
  }
  // Every output inside the prefix: a job that also writes elsewhere was
  // made for something else too.
  if (
    job.outputs.length > 0 &&
    job.outputs.every(uri => underOutput(identity, uri))
  ) {
    return 'output-prefix';
  }
  return derivedName(identity, job.name) ? 'derived-name' : null;
}

/** A model: every container's artifacts under the prefix, as `PipelineModel.deploy` makes them. */
export function qualifyModel(
  identity: IWorkflowIdentity,
  model: {
    name: string;
    containers: Array<{ modelDataUrl: string | null }>;
    tags: Record<string, string> | null;
  }
): Qualification | null {
  if (hasWorkflowTag(identity, model.tags)) {
    return 'tag';
  }
  const data = model.containers
    .map(c => c.modelDataUrl)
    .filter((u): u is string => !!u);
  if (data.length > 0 && data.every(uri => underOutput(identity, uri))) {
    return 'model-data';
  }
  return derivedName(identity, model.name) ? 'derived-name' : null;
}

/** An endpoint config: every variant serves one of the workflow's models. */
export function qualifyEndpointConfig(
  identity: IWorkflowIdentity,
  config: {
    variants: Array<{ modelName: string }>;
    tags: Record<string, string> | null;
  },
  workflowModels: ReadonlySet<string>
): Qualification | null {
  if (hasWorkflowTag(identity, config.tags)) {
    return 'tag';
  }
  return config.variants.length > 0 &&
    config.variants.every(v => workflowModels.has(v.modelName))
    ? 'model'
    : null;
}

/** An endpoint: tagged, or running one of the workflow's endpoint configs. */
export function qualifyEndpoint(
  identity: IWorkflowIdentity,
  endpoint: { configName: string; tags: Record<string, string> | null },
  workflowConfigs: ReadonlySet<string>
): Qualification | null {
  if (hasWorkflowTag(identity, endpoint.tags)) {
    return 'tag';
  }
  return workflowConfigs.has(endpoint.configName) ? 'endpoint-config' : null;
}
