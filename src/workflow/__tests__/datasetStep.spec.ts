import { DatasetStep, datasetSlug, IDatasetConsent } from '../datasetStep';
import type { StepError } from '../stepStatus';
import { POLL_INTERVAL_MS } from '../taskRunner';
import { settle } from './fakeClock';
import {
  CHURN_PROFILE,
  CHURN_SPLIT,
  FakeServerApi,
  uploadResult
} from './fakeServerApi';

const BUCKET = 'sagemaker-us-east-1-123456789012';

async function rejection(promise: Promise<unknown>): Promise<StepError> {
  try {
    await settle(promise);
  } catch (e) {
    return e as StepError;
  }
  throw new Error('expected a rejection');
}

const yes: IDatasetConsent = {
  createBucket: async () => true,
  overwrite: async () => true
};
const no: IDatasetConsent = {
  createBucket: async () => false,
  overwrite: async () => false
};

function makeStep(api = new FakeServerApi()) {
  const saves: number[] = [];
  const step = new DatasetStep({
    api,
    ensureId: () => 'abcdefgh1234',
    defaultBucket: async () => BUCKET,
    stateChanged: () => saves.push(1)
  });
  return { api, step, saves };
}

describe('DatasetStep', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('profiles, splits and uploads, with statuses along the way', async () => {
    const { api, step, saves } = makeStep();
    api.scripts.profile = {
      steps: [{ done: 100, total: 279997 }],
      result: CHURN_PROFILE
    };
    api.scripts.split = { result: CHURN_SPLIT };
    api.buckets.set(BUCKET, true);
    const statuses: string[] = [];
    step.changed.connect(() => statuses.push(`${step.phase}/${step.status}`));
    expect(step.status).toBe('not-started');

    const profile = await settle(step.use('/churn.txt'));
    expect(profile.rows).toBe(3333);
    expect(step.state.path).toBe('churn.txt');
    expect(statuses).toContain('profiling/working');
    expect(step.status).toBe('working'); // profiled: the user picks a target next

    const split = await settle(step.split({ target: 'Churn?' }));
    expect(split.train.rows).toBe(2666);
    expect(api.calls).toContain(
      'POST tasks split {"path":"churn.txt","target":"Churn?","validationFraction":0.2,"seed":42,"stratify":false,"workflowId":"abcdefgh1234"}'
    );

    const prefix = step.defaultPrefix()!;
    expect(prefix).toBe('autopilot/churn-abcdefgh1234');
    api.scripts.upload = {
      steps: [{ done: 1000, total: 280000 }],
      result: uploadResult(BUCKET, prefix)
    };
    const progress: (number | undefined)[] = [];
    step.changed.connect(() => progress.push(step.progress?.done));
    const upload = await settle(step.upload({}, no));
    expect(upload.train).toBe(
      `s3://${BUCKET}/autopilot/churn-abcdefgh1234/train/churn-train.csv`
    );
    expect(progress).toContain(1000);
    expect(step.status).toBe('done');
    expect(step.state.runningTask).toBeNull();
    expect(saves.length).toBeGreaterThan(3);
  });

  it('refuses what cannot be done yet, and changes nothing', async () => {
    const { api, step } = makeStep();
    expect((await rejection(step.split({ target: 'x' }))).error).toMatchObject({
      code: 'no-dataset',
      outcome: 'refused'
    });
    expect((await rejection(step.upload({}, yes))).code).toBe('not-split');
    expect((await rejection(step.use(''))).code).toBe('no-path');
    api.scripts.profile = { result: CHURN_PROFILE };
    await settle(step.use('churn.txt'));
    expect((await rejection(step.split({ target: 'Nope' }))).code).toBe(
      'target-not-found'
    );
    expect(
      (await rejection(step.split({ target: 'Churn?', validationFraction: 1 })))
        .code
    ).toBe('fraction-out-of-range');
    expect(step.error).toBeNull();
    expect(step.state.split).toBeNull();
    expect(api.calls.filter(c => c.startsWith('POST'))).toHaveLength(1);
  });

  it('refuses a second action while one runs', async () => {
    const { api, step } = makeStep();
    api.scripts.profile = {
      steps: [{ done: 1, total: 2 }],
      result: CHURN_PROFILE
    };
    const first = step.use('churn.txt');
    expect((await rejection(step.use('other.csv'))).code).toBe('busy');
    await settle(first);
  });

  it('keeps a failed profile as the step error, with its line', async () => {
    const { api, step } = makeStep();
    api.scripts.profile = {
      error: { code: 'malformed-row', message: 'row 12 has 3 fields', line: 12 }
    };
    const error = await rejection(step.use('bad.csv'));
    expect(error.error).toMatchObject({
      code: 'malformed-row',
      line: 12,
      outcome: 'failed'
    });
    expect(step.status).toBe('failed');
    expect(step.error?.line).toBe(12);
    expect(step.state.profile).toBeNull();
  });

  it('takes a 400 at POST as a refusal', async () => {
    const { api, step } = makeStep();
    api.scripts.profile = {
      reject: {
        status: 400,
        body: { code: 'path-outside-root', message: 'outside' }
      }
    };
    const error = await rejection(step.use('../etc/passwd'));
    expect(error.error.outcome).toBe('refused');
    expect(step.status).toBe('not-started');
  });

  it('cancels: the server is asked, and the step is as before', async () => {
    const { api, step } = makeStep();
    api.scripts.profile = { result: CHURN_PROFILE };
    api.scripts.split = { result: CHURN_SPLIT };
    api.buckets.set(BUCKET, true);
    await settle(step.use('churn.txt'));
    await settle(step.split({ target: 'Churn?' }));
    api.scripts.upload = {
      steps: Array(10).fill({ done: 1, total: 10 }),
      result: {}
    };
    const ends: string[] = [];
    step.ended.connect((_, end) => ends.push(end.error?.code ?? 'ok'));
    const upload = step.upload({}, yes);
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 2);
    step.cancel();
    const error = await rejection(upload);
    expect(error.error.outcome).toBe('cancelled');
    expect(api.calls.some(c => c.startsWith('DELETE tasks/'))).toBe(true);
    expect(step.status).toBe('working');
    expect(step.error).toBeNull();
    expect(step.state.upload).toBeNull();
    expect(ends).toEqual(['cancelled']);
  });

  describe('upload consents', () => {
    async function splitStep() {
      const made = makeStep();
      made.api.scripts.profile = { result: CHURN_PROFILE };
      made.api.scripts.split = { result: CHURN_SPLIT };
      await settle(made.step.use('churn.txt'));
      await settle(made.step.split({ target: 'Churn?' }));
      return made;
    }

    it('creates a missing bucket only with consent', async () => {
      const { api, step } = await splitStep();
      api.scripts.upload = { result: uploadResult(BUCKET, 'p') };
      const error = await rejection(step.upload({}, no));
      expect(error.error).toMatchObject({
        code: 'bucket-not-created',
        outcome: 'refused',
        bucket: BUCKET
      });
      expect(api.calls.some(c => c.startsWith('POST buckets'))).toBe(false);
      expect(step.status).toBe('working');

      await settle(step.upload({}, yes));
      expect(api.calls).toContain(`POST buckets ${BUCKET} abcdefgh1234`);
      expect(step.status).toBe('done');
    });

    it('never overwrites without asking; declining keeps the objects', async () => {
      const { api, step } = await splitStep();
      api.buckets.set(BUCKET, true);
      const exists = {
        code: 'object-exists',
        message: 'exists',
        keys: [`s3://${BUCKET}/p/train/churn-train.csv`]
      };
      api.scripts.upload = [
        { error: exists },
        { result: uploadResult(BUCKET, 'p') }
      ];
      const asked: string[][] = [];
      const declined = await rejection(
        step.upload(
          { prefix: 'p' },
          { ...no, overwrite: async keys => (asked.push(keys), false) }
        )
      );
      expect(declined.error).toMatchObject({
        code: 'not-overwritten',
        outcome: 'refused'
      });
      expect(asked).toEqual([exists.keys]);
      expect(step.error).toBeNull();

      api.scripts.upload = [
        { error: exists },
        { result: uploadResult(BUCKET, 'p') }
      ];
      await settle(step.upload({ prefix: 'p' }, yes));
      const posts = api.calls.filter(c => c.startsWith('POST tasks upload'));
      expect(
        posts
          .slice(-2)
          .map(c => JSON.parse(c.split(' ').slice(3).join(' ')).overwrite)
      ).toEqual([false, true]);
      expect(step.status).toBe('done');
    });

    it('passes overwrite: true without asking', async () => {
      const { api, step } = await splitStep();
      api.buckets.set(BUCKET, true);
      api.scripts.upload = { result: uploadResult(BUCKET, 'p') };
      await settle(step.upload({ prefix: '/p/', overwrite: true }, no));
      expect(api.calls.at(-2)).toContain('"prefix":"p","overwrite":true');
    });
  });

  it('resumes a task that was running before a reload', async () => {
    const { api, step } = makeStep();
    api.scripts.profile = {
      steps: [{ done: 5, total: 10 }],
      result: CHURN_PROFILE
    };
    const task = await api.startTask('profile', { path: 'churn.txt' });
    const seen: string[] = [];
    step.changed.connect(() => seen.push(step.phase));
    await settle(step.resume(task));
    expect(seen).toContain('profiling');
    expect(step.state.profile?.rows).toBe(3333);
    expect(step.state.path).toBe('churn.txt');
  });
});

describe('datasetSlug', () => {
  it('makes a key-safe stem', () => {
    expect(datasetSlug('data/Churn Data.txt')).toBe('churn-data');
    expect(datasetSlug('churn.txt')).toBe('churn');
    expect(datasetSlug('é.csv')).toBe('dataset');
  });
});
