/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The SDK's Node builds (CommonJS) run under jest; see src/aws/__tests__/clientErrors.spec.ts.
import {
  CONNECTION,
  fakeFetch,
  sagemakerJson
} from '../../aws/__tests__/fakeFetch';
import { awsTuningApi } from '../tuningApi';
import { TuningData } from '../tuningData';

describe('awsTuningApi', () => {
  it('serves the data layer through the lazily loaded AWS layer, one request per call', async () => {
    const fetch = fakeFetch(call => {
      switch (call.headers['x-amz-target']) {
        case 'SageMaker.DescribeHyperParameterTuningJob':
          return sagemakerJson(200, {
            HyperParameterTuningJobName: 'tune',
            HyperParameterTuningJobStatus: 'Completed',
            TrainingJobStatusCounters: { Completed: 1 }
          });
        case 'SageMaker.ListTrainingJobsForHyperParameterTuningJob':
          return sagemakerJson(200, {
            TrainingJobSummaries: [
              {
                TrainingJobName: 'tune-001',
                TrainingJobArn: 'arn:t1',
                TrainingJobStatus: 'Completed',
                CreationTime: 1,
                TunedHyperParameters: {}
              }
            ]
          });
        default:
          return sagemakerJson(200, {
            Results: [
              {
                TrialComponent: {
                  TrialComponentName: 'tc',
                  Source: { SourceArn: 'arn:t1' }
                }
              }
            ]
          });
      }
    });
    const api = awsTuningApi(() => ({
      connection: CONNECTION,
      region: 'us-east-1',
      fetch
    }));
    const data = new TuningData({ api, name: 'tune' });
    await data.refresh();
    expect(data.trialFor('arn:t1')?.name).toBe('tc');
    expect(fetch.calls.map(c => c.headers['x-amz-target'])).toEqual([
      'SageMaker.DescribeHyperParameterTuningJob',
      'SageMaker.ListTrainingJobsForHyperParameterTuningJob',
      'SageMaker.Search'
    ]);
    await api.stopTuningJob('tune');
    expect(fetch.calls[3].url).toContain('/autopilot/aws/sagemaker');
    expect(fetch.calls[3].headers['x-amz-target']).toBe(
      'SageMaker.StopHyperParameterTuningJob'
    );
  });
});
