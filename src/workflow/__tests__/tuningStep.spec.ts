import type { ITuningJobSummary } from '../../aws/tuning';
import { TuningStep, type ITuningStepApi } from '../tuningStep';
import type { ITuningLineage } from '../tuningLineage';
import { FakeTuningJob } from './fakeTuning';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 1, 20, 0, 0);

const LINEAGE: ITuningLineage = {
  namePrefix: 'churn-ab12c-notebook',
  s3Prefix: 's3://b/wf/output/pilot'
};

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 5 }
  });
}

/** The account's tuning jobs; each call logged with the fake clock's time. */
class FakeAccount {
  jobs: FakeTuningJob[] = [];
  calls: Array<{ op: string; at: number }> = [];
  failure: (() => Error) | null = null;

  count(op: string, from = 0, to = Infinity): number {
    return this.calls.filter(c => c.op === op && c.at >= from && c.at < to)
      .length;
  }

  private log(op: string) {
    this.calls.push({ op, at: Date.now() });
    if (this.failure) {
      throw this.failure();
    }
  }

  private byName(name: string): FakeTuningJob {
    const job = this.jobs.find(j => j.name === name);
    if (!job) {
      throw awsError(
        'ResourceNotFound',
        `Amazon SageMaker can't find a tuning job with name ${name}`
      );
    }
    return job;
  }

  api: ITuningStepApi = {
    listTuningJobs: async options => {
      this.log('list');
      return this.jobs
        .filter(j => j.createdAt <= Date.now())
        .filter(
          j => !options.nameContains || j.name.includes(options.nameContains)
        )
        .filter(
          j =>
            options.createdAfter === undefined ||
            j.createdAt > options.createdAfter
        )
        .sort((a, b) => b.createdAt - a.createdAt)
        .map(j => j.describe() as ITuningJobSummary);
    },
    describeTuningJob: async name => {
      this.log('describe');
      return this.byName(name).describe();
    },
    stopTuningJob: async name => {
      this.log('stop');
      this.byName(name).stoppedAt = Date.now();
    }
  };
}

function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible')
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});

afterEach(() => {
  setHidden(false);
  jest.useRealTimers();
});

function setup() {
  const account = new FakeAccount();
  const step = new TuningStep({ api: account.api });
  return { account, step };
}

describe("finding the workflow's tuning job", () => {
  it('sees it within a minute of its creation, and not a like-named job of another workflow', async () => {
    const { account, step } = setup();
    const decoy = new FakeTuningJob(
      'churn-ab12c-notebook-251201-2001',
      8,
      4,
      T0 + MINUTE
    );
    decoy.describe = (original => () => {
      const d = original();
      return {
        ...d,
        definitions: d.definitions.map(def => ({
          ...def,
          outputPath: 's3://other/x',
          inputs: []
        }))
      };
    })(decoy.describe.bind(decoy));
    const ours = new FakeTuningJob(
      'churn-ab12c-notebook-251201-2004',
      8,
      4,
      T0 + 4 * MINUTE
    );
    account.jobs.push(decoy, ours);

    step.find(LINEAGE, T0);
    expect(step.phase).toBe('searching');
    await jest.advanceTimersByTimeAsync(3 * MINUTE);
    expect(step.phase).toBe('searching');
    expect(account.count('describe')).toBe(1); // the decoy, once

    // Settled: at most 6 calls a minute.
    expect(
      account.count('list', T0 + 2 * MINUTE, T0 + 3 * MINUTE)
    ).toBeLessThanOrEqual(6);

    await jest.advanceTimersByTimeAsync(MINUTE + MINUTE);
    expect(step.phase).toBe('watching');
    expect(step.name).toBe(ours.name);
    const found = account.calls.find(
      c => c.op === 'describe' && c.at >= ours.createdAt
    )!;
    expect(found.at - ours.createdAt).toBeLessThan(MINUTE);
    expect(account.count('describe', 0, ours.createdAt)).toBe(1);
    step.dispose();
  });

  it('asks for jobs of the name prefix created since the notebook was made (with clock skew)', async () => {
    const { account, step } = setup();
    const seen: unknown[] = [];
    const list = account.api.listTuningJobs;
    account.api.listTuningJobs = options => {
      seen.push(options);
      return list(options);
    };
    step.find(LINEAGE, T0);
    await jest.advanceTimersByTimeAsync(10);
    expect(seen[0]).toEqual({
      nameContains: 'churn-ab12c-notebook',
      createdAfter: T0 - 5 * MINUTE
    });
    step.dispose();
  });
});

describe('watching a tuning job', () => {
  it('shows status, counters, objective, best job and elapsed time, and ends', async () => {
    const { account, step } = setup();
    const job = new FakeTuningJob('tune-picked', 8, 4, T0);
    account.jobs.push(job);
    const described: string[] = [];
    step.described.connect((_, d) => described.push(d.status));
    let ended = 0;
    step.ended.connect(() => ended++);

    expect(await step.watch('tune-picked')).toBe('watching');
    expect(step.counters).toMatchObject({ inProgress: 4, completed: 0 });
    expect(step.objective).toEqual({
      metricName: 'validation:f1',
      type: 'Maximize'
    });
    expect(step.best).toBeNull();
    expect(step.canStop).toBe(true);

    await jest.advanceTimersByTimeAsync(MINUTE + 5_000);
    expect(step.counters).toMatchObject({ completed: 4, inProgress: 4 });
    expect(step.best).toEqual({
      name: job.trainingName(2),
      value: job.objective(2),
      definitionName: 'dpp0-xgboost'
    });
    expect(step.elapsedSeconds()).toBe(65);
    expect(step.summary()).toMatchObject({
      status: 'watching',
      name: 'tune-picked',
      counters: { completed: 4 }
    });

    await jest.advanceTimersByTimeAsync(2 * MINUTE);
    expect(step.phase).toBe('ended');
    expect(ended).toBe(1);
    expect(step.canStop).toBe(false);
    const calls = account.calls.length;
    await jest.advanceTimersByTimeAsync(10 * MINUTE);
    expect(account.calls.length).toBe(calls);
    expect(described.length).toBeGreaterThan(5);
    step.dispose();
  });

  it('stops the job, and the poll shows it stopped', async () => {
    const { account, step } = setup();
    account.jobs.push(new FakeTuningJob('tune-picked', 8, 4, T0));
    await step.watch('tune-picked');
    expect(await step.stop()).toBe(true);
    await jest.advanceTimersByTimeAsync(100);
    expect(account.count('stop')).toBe(1);
    expect(step.phase).toBe('ended');
    expect(step.job?.status).toBe('Stopped');
    expect(await step.stop()).toBe(false);
    step.dispose();
  });

  it('says when a picked job does not exist', async () => {
    const { step } = setup();
    expect(await step.watch('nope')).toBe('idle');
    expect(step.error).toMatchObject({
      kind: 'not-found',
      message:
        'No hyperparameter tuning job called nope exists in this account and region.'
    });
    step.dispose();
  });

  it('backs off while throttled and goes on after', async () => {
    const { account, step } = setup();
    account.jobs.push(new FakeTuningJob('tune-long', 250, 4, T0));
    await step.watch('tune-long');
    await jest.advanceTimersByTimeAsync(2 * MINUTE);
    account.failure = () => awsError('ThrottlingException', 'Rate exceeded');
    const throttledFrom = Date.now();
    await jest.advanceTimersByTimeAsync(5 * MINUTE);
    expect(step.error?.kind).toBe('throttling');
    // Unthrottled, 5 minutes at 10 s would be 30 calls.
    expect(account.count('describe', throttledFrom)).toBeLessThan(15);
    account.failure = null;
    await jest.advanceTimersByTimeAsync(3 * MINUTE);
    expect(step.error).toBeNull();
    expect(step.phase).toBe('watching');
    step.dispose();
  });

  it('stands by while the page is hidden', async () => {
    const { account, step } = setup();
    account.jobs.push(new FakeTuningJob('tune-long', 250, 4, T0));
    await step.watch('tune-long');
    await jest.advanceTimersByTimeAsync(2 * MINUTE);
    setHidden(true);
    const hiddenFrom = Date.now();
    await jest.advanceTimersByTimeAsync(10 * MINUTE);
    expect(account.count('describe', hiddenFrom)).toBeLessThanOrEqual(2);
    setHidden(false);
    await jest.advanceTimersByTimeAsync(MINUTE);
    expect(account.count('describe', hiddenFrom + 10 * MINUTE)).toBeGreaterThan(
      0
    );
    step.dispose();
  });
});
