/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The SDK's Node builds (CommonJS) run under jest; see clientErrors.spec.ts.
import type { IAwsClientOptions } from '../../aws/clients';
import {
  CONNECTION,
  fakeFetch,
  sagemakerJson
} from '../../aws/__tests__/fakeFetch';
import { awsDeploymentCalls } from '../deploymentApi';

describe('awsDeploymentCalls', () => {
  it('calls AWS through the lazily loaded layer, on the server asked at each call', async () => {
    const fetch = fakeFetch(() =>
      sagemakerJson(200, {
        Endpoints: [{ EndpointName: 'e', EndpointArn: 'arn:e' }]
      })
    );
    let connection = CONNECTION;
    const calls = awsDeploymentCalls((): IAwsClientOptions => ({
      connection,
      region: 'us-east-1',
      fetch
    }));
    expect(await calls.listEndpoints()).toEqual([
      { name: 'e', arn: 'arn:e', creationTime: null }
    ]);
    await calls.listModels().catch(() => undefined);
    connection = { ...CONNECTION, baseUrl: 'http://localhost:8888/other/' };
    await calls.listEndpoints();
    expect(fetch.calls.map(c => c.url)).toEqual([
      'http://localhost:8888/lab-base/autopilot/aws/sagemaker/',
      'http://localhost:8888/lab-base/autopilot/aws/sagemaker/',
      'http://localhost:8888/other/autopilot/aws/sagemaker/'
    ]);
  });
});
