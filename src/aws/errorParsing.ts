/**
 * Pulls the useful facts out of AWS error messages, which carry them only as
 * prose. Every parser returns `{}` when the message has another shape.
 */

/**
 * What a `ResourceLimitExceeded` message says about the quota.
 */
export interface IQuotaDetails {
  /** The quota's name as Service Quotas shows it, e.g. `ml.m5.xlarge for training job usage`. */
  quota?: string;
  /** The quota's value. */
  limit?: number;
  /** The unit of `limit`, `current` and `requested`, e.g. `Instances`. */
  unit?: string;
  /** The current utilization. */
  current?: number;
  /** What the failing request asked for. */
  requested?: number;
}

/**
 * Parses SageMaker's `ResourceLimitExceeded` message, e.g.
 * "The account-level service limit 'ml.m5.xlarge for training job usage' is
 * 20 Instances, with current utilization of 20 Instances and a request delta
 * of 1 Instances. Please use AWS Service Quotas to request an increase…".
 */
export function parseQuotaMessage(message: string): IQuotaDetails {
  const details: IQuotaDetails = {};
  const name =
    /(?:service )?limit\s+'([^']+)'/i.exec(message) ??
    /(?:service )?limit\s+"([^"]+)"/i.exec(message) ??
    /quota\s+(?:for\s+)?'([^']+)'/i.exec(message) ??
    /quota\s+(?:for\s+)?"([^"]+)"/i.exec(message);
  if (name) {
    details.quota = name[1].trim();
  }
  const limit = /\bis\s+(\d+)\s+([A-Za-z][\w-]*)/.exec(message);
  if (limit && name) {
    details.limit = Number(limit[1]);
    details.unit = limit[2].replace(/[.,]$/, '');
  }
  const current = /current utilization of\s+(\d+)/i.exec(message);
  if (current) {
    details.current = Number(current[1]);
  }
  const delta = /request delta of\s+(\d+)/i.exec(message);
  if (delta) {
    details.requested = Number(delta[1]);
  }
  return details;
}

/**
 * What an access-denied message says about the missing permission.
 */
export interface IAccessDeniedDetails {
  /** The identity that was refused, e.g. an assumed-role ARN. */
  principal?: string;
  /** The IAM action, e.g. `sagemaker:CreateAutoMLJobV2` or `iam:PassRole`. */
  action?: string;
  /** The resource ARN the action was refused on. */
  resource?: string;
  /** Why, as AWS words it, e.g. `no identity-based policy allows the … action`. */
  reason?: string;
}

/**
 * Parses the IAM wording shared by SageMaker, STS and (newer) S3:
 * "User: arn:aws:sts::1:assumed-role/R/s is not authorized to perform:
 * sagemaker:CreateAutoMLJobV2 on resource: arn:aws:sagemaker:…:automl-job/x
 * because no identity-based policy allows the sagemaker:CreateAutoMLJobV2 action".
 */
export function parseAccessDeniedMessage(
  message: string
): IAccessDeniedDetails {
  const details: IAccessDeniedDetails = {};
  const principal = /User:\s*("?)([^"\s]+)\1\s+is not authorized/i.exec(
    message
  );
  if (principal) {
    details.principal = principal[2];
  }
  const action =
    /not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(message) ??
    /\b([a-z0-9-]+:[A-Z][A-Za-z0-9]*)\s+action\b/.exec(message);
  if (action) {
    details.action = action[1];
  }
  const resource = /on resource:?\s*("?)([^"\s]+?)\1(?=\s|$|\.\s|\.$)/i.exec(
    message
  );
  if (resource) {
    details.resource = resource[2];
  }
  const reason = /\bbecause\s+(.+?)\.?\s*$/i.exec(message);
  if (reason) {
    details.reason = reason[1];
  } else if (/explicit deny/i.test(message)) {
    details.reason = 'an explicit deny';
  }
  return details;
}

/**
 * IAM actions that differ from the S3 operation's name.
 */
const S3_ACTIONS: Record<string, string> = {
  HeadObject: 's3:GetObject',
  HeadBucket: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  ListObjectVersions: 's3:ListBucketVersions',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  UploadPartCopy: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  CopyObject: 's3:PutObject',
  DeleteObjects: 's3:DeleteObject',
  ListParts: 's3:ListMultipartUploadParts',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  GetBucketLocation: 's3:GetBucketLocation',
  ListBuckets: 's3:ListAllMyBuckets'
};

/**
 * Best guess at the IAM action behind an operation, for access-denied
 * messages (S3's "Access Denied") that do not name it.
 */
export function guessIamAction(
  service: string | undefined,
  operation: string | undefined
): string | undefined {
  if (!service || !operation) {
    return undefined;
  }
  if (service === 's3') {
    return S3_ACTIONS[operation] ?? `s3:${operation}`;
  }
  return `${service}:${operation}`;
}

/**
 * Whether a `ValidationException` message really means "not found": SageMaker
 * answers `Describe*` calls for unknown names that way for some resources.
 */
export function isNotFoundMessage(message: string): boolean {
  return /\b(not found|does not exist|could not find|cannot find|no such)\b/i.test(
    message
  );
}
