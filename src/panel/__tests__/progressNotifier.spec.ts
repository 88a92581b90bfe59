import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { DatasetStep } from '../../workflow/datasetStep';
import { settle } from '../../workflow/__tests__/fakeClock';
import {
  CHURN_PROFILE,
  CHURN_SPLIT,
  FakeServerApi,
  uploadResult
} from '../../workflow/__tests__/fakeServerApi';
import { ProgressNotifier } from '../progressNotifier';

const BUCKET = 'sagemaker-us-east-1-123456789012';

describe('ProgressNotifier', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('ends each task with what that task did, not what the step held before', async () => {
    const messages: string[] = [];
    jest.spyOn(Notification, 'emit').mockImplementation(message => {
      messages.push(message);
      return `n${messages.length}`;
    });
    jest.spyOn(Notification, 'update').mockImplementation(({ message }) => {
      messages.push(message ?? '');
      return true;
    });
    const api = new FakeServerApi();
    const step = new DatasetStep({
      api,
      ensureId: () => 'abcdefgh1234',
      defaultBucket: async () => BUCKET,
      stateChanged: () => undefined
    });
    new ProgressNotifier(step, nullTranslator.load('jupyterlab_autopilot'));
    api.scripts.profile = { result: CHURN_PROFILE };
    api.scripts.split = { result: CHURN_SPLIT };
    api.buckets.set(BUCKET, true);

    await settle(step.use('churn.txt'));
    expect(messages[messages.length - 1]).toBe(
      'Profiled churn.txt: 3333 rows, 3 columns.'
    );
    await settle(step.split({ target: 'Churn?' }));
    expect(messages[messages.length - 1]).toBe(
      'Split: 2666 train rows, 667 validation rows.'
    );
    const uploaded = uploadResult(BUCKET, step.defaultPrefix()!);
    api.scripts.upload = { result: uploaded };
    await settle(
      step.upload(
        {},
        { createBucket: async () => false, overwrite: async () => false }
      )
    );
    expect(messages[messages.length - 1]).toBe(`Uploaded to ${uploaded.train}`);

    // A second dataset's profile: its own numbers, not the first one's.
    api.scripts.profile = {
      result: { ...CHURN_PROFILE, path: 'small.csv', rows: 600 }
    };
    await settle(step.use('small.csv'));
    expect(messages[messages.length - 1]).toBe(
      'Profiled small.csv: 600 rows, 3 columns.'
    );
  });
});
