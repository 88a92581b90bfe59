/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The SDK's Node builds (CommonJS) run under jest; see src/aws/__tests__/clientErrors.spec.ts.
import { StateDB } from '@jupyterlab/statedb';

import {
  CONNECTION,
  fakeFetch,
  sagemakerError,
  sagemakerJson
} from '../../aws/__tests__/fakeFetch';
import { awsJobApi, stateDbJobStore } from '../jobApi';
import type { IPersistedJob } from '../jobStep';

describe('stateDbJobStore', () => {
  it('keeps the step state in the state database, and forgets it on null', async () => {
    const db = new StateDB();
    const store = stateDbJobStore(db, 'autopilot:workflow:ab12cd34ef56:job');
    expect(await store.load()).toBeNull();
    const creating: IPersistedJob = {
      phase: 'creating',
      startedAt: 1,
      request: {
        name: 'churn',
        trainUri: 's3://b/t.csv',
        outputUri: 's3://b/out',
        target: 'Churn?',
        roleArn: 'arn:aws:iam::123456789012:role/R',
        run: 'pilot',
        problemType: undefined
      }
    };
    await store.save(creating);
    expect(await db.list('autopilot')).toEqual({
      ids: ['autopilot:workflow:ab12cd34ef56:job'],
      values: [JSON.parse(JSON.stringify(creating))]
    });
    expect(await store.load()).toEqual(JSON.parse(JSON.stringify(creating)));
    await store.save(null);
    expect(await store.load()).toBeNull();
  });
});

describe('awsJobApi', () => {
  it('goes through the lazily loaded AWS layer with the current options', async () => {
    const fetch = fakeFetch(call =>
      call.headers['x-amz-target'] === 'SageMaker.ListAutoMLJobs'
        ? sagemakerJson(200, { AutoMLJobSummaries: [] })
        : sagemakerError(400, 'ResourceNotFound', 'no such job')
    );
    const options = jest.fn(() => ({
      connection: CONNECTION,
      region: 'us-east-1',
      fetch
    }));
    const api = awsJobApi(options);
    expect(options).not.toHaveBeenCalled();
    expect(await api.findJob('churn')).toBeNull();
    expect(await api.listRecentJobs()).toEqual([]);
    expect(options).toHaveBeenCalledTimes(2);
    expect(fetch.calls.map(c => c.headers['x-amz-target'])).toEqual([
      'SageMaker.DescribeAutoMLJobV2',
      'SageMaker.DescribeAutoMLJob',
      'SageMaker.ListAutoMLJobs',
      'SageMaker.ListAutoMLJobs'
    ]);
    expect(
      JSON.parse(new TextDecoder().decode(fetch.calls[3].body as Uint8Array))
    ).toMatchObject({
      MaxResults: 20
    });
  });
});
