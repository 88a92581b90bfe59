/**
 * The AWS access layer's heavy entry: it loads the AWS SDK. Load it with
 * `loadAws()` from `./lazy`, never import it statically, so JupyterLab's
 * start-up does not load the SDK.
 */
export * from './clients';
export * from './clientCache';
export * from './autopilot';
export * from './serviceQuotas';
export * from './deployment';
export * from './tuning';
export * from './serverContext';
export * from './errors';
export * from './jupyterConnection';
export * from './proxyHandler';
export * from './s3Upload';
export {
  JupyterResponseError,
  NetworkError,
  ProxyError,
  RequestTimeoutError
} from './transportErrors';
export {
  guessIamAction,
  parseAccessDeniedMessage,
  parseQuotaMessage,
  type IAccessDeniedDetails,
  type IQuotaDetails
} from './errorParsing';
// The SDK pieces the panel's AWS calls need, so that nothing outside this
// lazily loaded chunk imports the SDK itself.
export {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException
} from '@aws-sdk/client-s3';
export {
  CreateAutoMLJobV2Command,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeAutoMLJobV2Command,
  DescribeEndpointCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  ListAutoMLJobsCommand,
  ListCandidatesForAutoMLJobCommand,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  SageMakerClient,
  SageMakerServiceException,
  SearchCommand,
  StopAutoMLJobCommand
} from '@aws-sdk/client-sagemaker';
