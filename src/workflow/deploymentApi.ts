/**
 * `IDeploymentCalls` made real: through the lazily loaded AWS layer, so
 * the Deployment and Clean-up models never load the SDK at start-up.
 */
import type { IAwsClientOptions } from '../aws/clients';
import type { IDeploymentCalls } from '../aws/deployment';
import { loadAws } from '../aws/lazy';

/**
 * `clientOptions` is asked on every call; the clients are made again only
 * when the region or the Jupyter server changes.
 */
export function awsDeploymentCalls(
  clientOptions: () => IAwsClientOptions
): IDeploymentCalls {
  let made: { key: string; calls: IDeploymentCalls } | null = null;
  const current = async (): Promise<IDeploymentCalls> => {
    const options = clientOptions();
    const key = `${options.region}|${options.connection.baseUrl}`;
    if (!made || made.key !== key) {
      made = { key, calls: (await loadAws()).deploymentCalls(options) };
    }
    return made.calls;
  };
  return {
    listEndpoints: async () => (await current()).listEndpoints(),
    describeEndpoint: async name => (await current()).describeEndpoint(name),
    listEndpointConfigs: async () => (await current()).listEndpointConfigs(),
    describeEndpointConfig: async name =>
      (await current()).describeEndpointConfig(name),
    listModels: async () => (await current()).listModels(),
    describeModel: async name => (await current()).describeModel(name),
    listTags: async arn => (await current()).listTags(arn),
    listRunningJobs: async kind => (await current()).listRunningJobs(kind),
    describeJob: async (kind, name) =>
      (await current()).describeJob(kind, name),
    stopJob: async (kind, name) => (await current()).stopJob(kind, name),
    deleteEndpoint: async name => (await current()).deleteEndpoint(name),
    deleteEndpointConfig: async name =>
      (await current()).deleteEndpointConfig(name),
    deleteModel: async name => (await current()).deleteModel(name),
    invokeEndpoint: async (name, body, contentType, accept) =>
      (await current()).invokeEndpoint(name, body, contentType, accept)
  };
}
