/**
 * One SDK client per service and region: a client holds its middleware
 * stack, retry state and (for `adaptive` retries) its rate limiter, so the
 * panel's calls share them instead of making a client per call.
 */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';

import {
  createSageMakerClient,
  createServiceQuotasClient,
  type IAwsClientOptions
} from './clients';

type AnyClient = SageMakerClient | ServiceQuotasClient;

// Keyed first by the object that identifies the Jupyter server (the fetch in
// tests, else the connection settings), so a new connection gets new clients.
const cache = new WeakMap<object, Map<string, AnyClient>>();

function cached<T extends AnyClient>(
  service: string,
  options: IAwsClientOptions,
  make: (options: IAwsClientOptions) => T
): T {
  const owner = options.fetch ?? options.connection;
  let clients = cache.get(owner);
  if (!clients) {
    clients = new Map();
    cache.set(owner, clients);
  }
  // The retry and timeout settings are part of the key: two callers asking
  // for different ones get different clients. `backoff` is a function and
  // cannot be compared; the first caller's wins.
  const key = [
    service,
    options.region,
    options.connection.baseUrl,
    options.maxAttempts ?? '',
    options.retryMode ?? '',
    options.requestTimeout ?? ''
  ].join('|');
  let client = clients.get(key) as T | undefined;
  if (!client) {
    client = make(options);
    clients.set(key, client);
  }
  return client;
}

/** The SageMaker client for this server and region, made on first use. */
export function sageMakerClientFor(
  options: IAwsClientOptions
): SageMakerClient {
  return cached('sagemaker', options, createSageMakerClient);
}

/** The Service Quotas client for this server and region, made on first use. */
export function serviceQuotasClientFor(
  options: IAwsClientOptions
): ServiceQuotasClient {
  return cached('servicequotas', options, createServiceQuotasClient);
}
