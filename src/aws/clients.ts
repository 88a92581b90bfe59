/**
 * Factories for the SDK clients that go through the Jupyter server's proxy.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';

import type {
  AwsService,
  FetchFunction,
  IJupyterConnection
} from './jupyterConnection';
import { ProxyHttpHandler } from './proxyHandler';

/**
 * The credentials the SDK signs with in the browser. The server strips the
 * signature and signs again with its own credentials; these are never valid
 * anywhere, and their only purpose is that no credential provider chain runs
 * in the browser.
 */
export function proxyDummyCredentials(): {
  accessKeyId: string;
  secretAccessKey: string;
} {
  // A fresh object each time: the SDK annotates the one it is given.
  return {
    accessKeyId: 'AUTOPILOTPROXYDUMMY',
    secretAccessKey: 're-signed-by-the-jupyter-server'
  };
}

/**
 * Options shared by the client factories.
 */
export interface IAwsClientOptions {
  /** The Jupyter server: `ServerConnection.makeSettings()` fits. */
  connection: IJupyterConnection;
  /** The AWS region, from the server's context (`IAutopilotContext.region`). */
  region: string;
  /** Overrides `connection.fetch` (tests). */
  fetch?: FetchFunction;
  /** Attempts per call, retries included (default 5). */
  maxAttempts?: number;
  /** The SDK's retry mode (default `standard`; `adaptive` also rate-limits the client). */
  retryMode?: 'standard' | 'adaptive';
  /**
   * Milliseconds to wait before retry `attempt` (1-based). When set, it
   * replaces the SDK's exponential backoff (tests, or a fixed schedule).
   */
  backoff?: (attempt: number) => number;
  /**
   * Milliseconds to wait for a response's headers before retrying; 0 for no
   * limit. Defaults: 60 s for SageMaker and STS, 15 min for S3 (part uploads).
   */
  requestTimeout?: number;
}

/**
 * Marks errors with the service and operation that failed, read by
 * `toAutopilotError` (e.g. to name the IAM action behind S3's "Access Denied").
 */
interface IOperationTag {
  service: AwsService;
  operation: string;
}

type ClientWithStack = {
  middlewareStack: { add: (...args: any[]) => void };
};

function tagErrorsWithOperation(
  client: ClientWithStack,
  service: AwsService
): void {
  client.middlewareStack.add(
    (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string }
    ) =>
      async (args: unknown) => {
        try {
          return await next(args);
        } catch (e) {
          if (
            typeof e === 'object' &&
            e !== null &&
            !('$autopilotOperation' in e)
          ) {
            const tag: IOperationTag = {
              service,
              operation: (context.commandName ?? '').replace(/Command$/, '')
            };
            try {
              Object.defineProperty(e, '$autopilotOperation', {
                value: tag,
                enumerable: false,
                configurable: true
              });
            } catch {
              // A frozen error: leave it as it is.
            }
          }
          throw e;
        }
      },
    { step: 'initialize', name: 'autopilotOperationTag', override: true }
  );
}

function commonConfig(
  options: IAwsClientOptions,
  service: AwsService,
  defaultTimeout: number
) {
  const maxAttempts = options.maxAttempts ?? 5;
  const { backoff } = options;
  return {
    region: options.region,
    credentials: proxyDummyCredentials(),
    requestHandler: new ProxyHttpHandler({
      connection: options.connection,
      service,
      fetch: options.fetch,
      requestTimeout: options.requestTimeout ?? defaultTimeout
    }),
    maxAttempts,
    ...(backoff
      ? { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, backoff) }
      : { retryMode: options.retryMode ?? 'standard' })
  };
}

/**
 * A SageMaker client whose requests go through the Jupyter server.
 */
export function createSageMakerClient(
  options: IAwsClientOptions
): SageMakerClient {
  const client = new SageMakerClient(
    commonConfig(options, 'sagemaker', 60_000)
  );
  tagErrorsWithOperation(client, 'sagemaker');
  return client;
}

/**
 * An S3 client whose requests go through the Jupyter server, path-style
 * (`autopilot/aws/s3/<bucket>/<key>`).
 *
 * Checksums are only computed where S3 requires them, and responses are only
 * validated where required: the proxy re-signs requests, and a checksum the
 * SDK computes over a streaming body would need `aws-chunked` encoding with
 * trailers. Should such a body still appear, it goes through as it is and
 * the proxy decodes it (`proxy/aws_chunked.py`).
 */
export function createS3Client(options: IAwsClientOptions): S3Client {
  const client = new S3Client({
    ...commonConfig(options, 's3', 15 * 60_000),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    disableS3ExpressSessionAuth: true,
    followRegionRedirects: false
  });
  tagErrorsWithOperation(client, 's3');
  return client;
}

/**
 * A Service Quotas client whose requests go through the Jupyter server.
 */
export function createServiceQuotasClient(
  options: IAwsClientOptions
): ServiceQuotasClient {
  const client = new ServiceQuotasClient(
    commonConfig(options, 'servicequotas', 60_000)
  );
  tagErrorsWithOperation(client, 'servicequotas');
  return client;
}
