import type {
  ICreateJobRequest,
  IJobDescription,
  IJobSummary
} from '../../aws/autopilot';
import { NetworkError } from '../../aws/transportErrors';
import {
  IJobApi,
  IJobStateStore,
  IPersistedJob,
  JobStep,
  newJobDescription,
  pollInterval
} from '../jobStep';

const REQUEST: ICreateJobRequest = {
  name: 'churn-ab12cd34ef56',
  trainUri: 's3://b/wf/train/churn-train.csv',
  validationUri: 's3://b/wf/validation/churn-validation.csv',
  outputUri: 's3://b/wf/output',
  target: 'Churn?',
  problemType: 'BinaryClassification',
  metric: 'F1',
  roleArn: 'arn:aws:iam::123456789012:role/AutopilotRole',
  run: 'pilot',
  trainingMode: 'HYPERPARAMETER_TUNING',
  tags: { 'jupyterlab-autopilot:workflow': 'ab12cd34ef56' }
};

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 5 }
  });
}

/**
 * A fake AWS: one job at most, whose statuses advance when the test says.
 * Every call is logged with the fake clock's time.
 */
class FakeAws {
  calls: Array<{ op: string; at: number }> = [];
  job: IJobDescription | null = null;
  describeFailure: (() => Error) | null = null;
  createFailure: (() => Error) | null = null;
  /** Create succeeds on AWS but the answer is lost (a network error after sending). */
  loseCreateAnswer = false;
  recent: IJobSummary[] = [];

  api: IJobApi = {
    createJob: async request => {
      this.log('create');
      if (this.createFailure) {
        throw this.createFailure();
      }
      if (
        this.job &&
        this.job.name.toLowerCase() === request.name.toLowerCase()
      ) {
        throw awsError('ResourceInUse', `Job ${request.name} already exists.`);
      }
      this.job = jobDescription(request.name, Date.now(), request);
      if (this.loseCreateAnswer) {
        throw new NetworkError(new TypeError('Failed to fetch'));
      }
      return { name: request.name, arn: this.job.arn };
    },
    describeJob: async name => {
      this.log('describe');
      if (this.describeFailure) {
        throw this.describeFailure();
      }
      if (!this.job || this.job.name.toLowerCase() !== name.toLowerCase()) {
        throw awsError('ResourceNotFound');
      }
      return { ...this.job };
    },
    findJob: async name => {
      this.log('find');
      return this.job && this.job.name.toLowerCase() === name.toLowerCase()
        ? { ...this.job }
        : null;
    },
    listRecentJobs: async () => {
      this.log('list');
      return this.recent;
    },
    stopJob: async () => {
      this.log('stop');
      this.advance('Stopping', 'Stopping');
    }
  };

  advance(
    status: IJobDescription['status'],
    secondaryStatus: string,
    extra: Partial<IJobDescription> = {}
  ) {
    this.job = {
      ...this.job!,
      status,
      secondaryStatus,
      lastModifiedTime: Date.now(),
      ...extra
    };
  }

  log(op: string) {
    this.calls.push({ op, at: Date.now() });
  }

  count(op: string, from = 0, to = Infinity): number {
    return this.calls.filter(c => c.op === op && c.at >= from && c.at < to)
      .length;
  }
}

function jobDescription(
  name: string,
  at: number,
  request: ICreateJobRequest = REQUEST
): IJobDescription {
  return {
    ...newJobDescription({ ...request, name }, at),
    arn: `arn:aws:sagemaker:us-east-1:123456789012:automl-job/${name.toLowerCase()}`
  };
}

/** A state store that logs what it was given, like IStateDB keeps it. */
class MemoryStore implements IJobStateStore {
  value: IPersistedJob | null = null;
  log: Array<IPersistedJob['phase'] | null> = [];
  constructor(private aws?: FakeAws) {}
  async load() {
    return this.value ? JSON.parse(JSON.stringify(this.value)) : null;
  }
  async save(value: IPersistedJob | null) {
    this.aws?.log(`save:${value?.phase ?? 'null'}`);
    this.log.push(value?.phase ?? null);
    this.value = value ? JSON.parse(JSON.stringify(value)) : null;
  }
}

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 1, 20, 0, 0);

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});

afterEach(() => {
  setHidden(false);
  jest.useRealTimers();
});

function setup() {
  const aws = new FakeAws();
  const store = new MemoryStore(aws);
  const step = new JobStep({ api: aws.api, store });
  return { aws, store, step };
}

describe('creating a job', () => {
  it('persists "creating" before sending, then watches the job', async () => {
    const { aws, store, step } = setup();
    const phase = await step.create(REQUEST);
    expect(phase).toBe('watching');
    const ops = aws.calls.map(c => c.op);
    expect(ops.indexOf('save:creating')).toBeLessThan(ops.indexOf('create'));
    expect(store.value).toMatchObject({
      phase: 'attached',
      name: REQUEST.name,
      createdHere: true
    });
    expect(step.createdHere).toBe(true);
    step.dispose();
  });

  it('makes one job for a double click', async () => {
    const { aws, step } = setup();
    const [a, b] = await Promise.all([
      step.create(REQUEST),
      step.create(REQUEST)
    ]);
    expect([a, b]).toEqual(['watching', 'watching']);
    expect(aws.count('create')).toBe(1);
    step.dispose();
  });

  it('a retry after a lost answer attaches the job the first attempt made', async () => {
    const { aws, step } = setup();
    aws.loseCreateAnswer = true;
    expect(await step.create(REQUEST)).toBe('create-failed');
    expect(step.error?.kind).toBe('network');
    aws.loseCreateAnswer = false;
    expect(await step.retry()).toBe('watching');
    expect(aws.count('create')).toBe(1);
    expect(aws.calls.map(c => c.op)).toContain('find');
    expect(step.createdHere).toBe(true);
    step.dispose();
  });

  it('an SDK retry answered ResourceInUse for our own job attaches it', async () => {
    const { aws, step } = setup();
    // The first attempt made the job; the SDK's retry of the same call is
    // refused because the name now exists.
    aws.job = jobDescription(REQUEST.name, Date.now());
    expect(await step.create(REQUEST)).toBe('watching');
    expect(step.createdHere).toBe(true);
    step.dispose();
  });

  it('a name taken by someone else offers to attach instead', async () => {
    const { aws, store, step } = setup();
    aws.job = {
      ...jobDescription(
        'Churn-AB12CD34EF56',
        Date.now() - 3 * 24 * 60 * MINUTE
      ),
      outputUri: 's3://other/out'
    };
    expect(await step.create(REQUEST)).toBe('name-taken');
    expect(step.name).toBe('Churn-AB12CD34EF56');
    expect(store.value).toBeNull();
    expect(await step.attach('Churn-AB12CD34EF56')).toBe('watching');
    expect(step.createdHere).toBe(false);
    expect(aws.count('create')).toBe(1);
    step.dispose();
  });

  it('a quota error fails with its kind, and nothing is attached', async () => {
    const { aws, step } = setup();
    aws.createFailure = () =>
      awsError(
        'ResourceLimitExceeded',
        "The account-level service limit 'Number of concurrent AutoML jobs' is 1 Jobs, with current utilization of 1 Jobs and a request delta of 1 Jobs."
      );
    expect(await step.create(REQUEST)).toBe('create-failed');
    expect(step.error?.kind).toBe('resource-limit-exceeded');
    expect(step.job).toBeNull();
    step.dispose();
  });
});

describe('a reload during the create call', () => {
  it('finds the job the call made, without sending it again', async () => {
    const aws = new FakeAws();
    const store = new MemoryStore(aws);
    store.value = {
      phase: 'creating',
      request: REQUEST,
      startedAt: Date.now()
    };
    aws.job = jobDescription(REQUEST.name, Date.now() + 1000);
    const step = new JobStep({ api: aws.api, store });
    await step.restore();
    expect(step.phase).toBe('watching');
    expect(aws.count('create')).toBe(0);
    step.dispose();
  });

  it('says the call was interrupted when no job came of it, and a retry creates it', async () => {
    const aws = new FakeAws();
    const store = new MemoryStore(aws);
    store.value = {
      phase: 'creating',
      request: REQUEST,
      startedAt: Date.now()
    };
    const step = new JobStep({ api: aws.api, store });
    await step.restore();
    expect(step.phase).toBe('interrupted');
    expect(await step.retry()).toBe('watching');
    expect(aws.count('find')).toBe(2);
    expect(aws.count('create')).toBe(1);
    step.dispose();
  });

  it('resumes the timeline of an attached job', async () => {
    const first = setup();
    await first.step.create(REQUEST);
    first.aws.advance('InProgress', 'AnalyzingData');
    await jest.advanceTimersByTimeAsync(6000);
    first.step.dispose();
    const step = new JobStep({ api: first.aws.api, store: first.store });
    await step.restore();
    await jest.advanceTimersByTimeAsync(10);
    expect(step.phase).toBe('watching');
    expect(step.timeline.map(s => s.secondaryStatus)).toEqual([
      'Starting',
      'AnalyzingData'
    ]);
    step.dispose();
  });
});

describe('watching a job', () => {
  it('polls every 5 s in the first minute, then at most 6 calls a minute', async () => {
    const { aws, step } = setup();
    await step.create(REQUEST);
    const start = Date.now();
    await jest.advanceTimersByTimeAsync(40 * MINUTE);
    const perMinute = Array.from({ length: 40 }, (_, m) =>
      aws.count('describe', start + m * MINUTE, start + (m + 1) * MINUTE)
    );
    expect(perMinute[0]).toBeGreaterThanOrEqual(11);
    expect(perMinute[0]).toBeLessThanOrEqual(13);
    for (const calls of perMinute.slice(1)) {
      expect(calls).toBeLessThanOrEqual(6);
      expect(calls).toBeGreaterThanOrEqual(2);
    }
    expect(perMinute[35]).toBe(2); // 30 s after half an hour
    step.dispose();
  });

  it('backs off while throttled, and the timeline goes on after', async () => {
    const { aws, step } = setup();
    await step.create(REQUEST);
    await jest.advanceTimersByTimeAsync(MINUTE);
    aws.describeFailure = () =>
      awsError('ThrottlingException', 'Rate exceeded');
    const throttledFrom = Date.now();
    await jest.advanceTimersByTimeAsync(5 * MINUTE);
    const throttledCalls = aws.count('describe', throttledFrom);
    expect(step.error?.kind).toBe('throttling');
    expect(step.phase).toBe('watching');
    // Unthrottled, 5 minutes at 10 s would be 30 calls.
    expect(throttledCalls).toBeLessThan(15);
    aws.describeFailure = null;
    aws.advance('InProgress', 'FeatureEngineering');
    await jest.advanceTimersByTimeAsync(3 * MINUTE);
    expect(step.error).toBeNull();
    expect(step.job?.secondaryStatus).toBe('FeatureEngineering');
    step.dispose();
  });

  it('stands by while the page is hidden', async () => {
    const { aws, step } = setup();
    await step.create(REQUEST);
    await jest.advanceTimersByTimeAsync(MINUTE);
    setHidden(true);
    const hiddenFrom = Date.now();
    await jest.advanceTimersByTimeAsync(10 * MINUTE);
    // The tick due as the page hides, and Poll's one lingering tick; then
    // nothing for ten minutes.
    expect(aws.count('describe', hiddenFrom)).toBeLessThanOrEqual(2);
    setHidden(false);
    await jest.advanceTimersByTimeAsync(MINUTE);
    expect(aws.count('describe', hiddenFrom + 10 * MINUTE)).toBeGreaterThan(0);
    step.dispose();
  });

  it('stops polling on an error that asking again cannot fix', async () => {
    const { aws, step } = setup();
    await step.create(REQUEST);
    aws.describeFailure = () =>
      awsError(
        'AccessDeniedException',
        'not authorized to perform: sagemaker:DescribeAutoMLJobV2'
      );
    await jest.advanceTimersByTimeAsync(MINUTE);
    const after = aws.count('describe');
    await jest.advanceTimersByTimeAsync(10 * MINUTE);
    expect(aws.count('describe')).toBe(after);
    expect(step.error?.kind).toBe('access-denied');
    step.dispose();
  });

  it('records each stage with its duration, and announces the end once', async () => {
    const { aws, step } = setup();
    const ended: IJobDescription[] = [];
    step.ended.connect((_, job) => ended.push(job));
    await step.create(REQUEST);
    await jest.advanceTimersByTimeAsync(2 * MINUTE);
    aws.advance('InProgress', 'AnalyzingData');
    await jest.advanceTimersByTimeAsync(3 * MINUTE);
    aws.advance('Completed', 'CandidateDefinitionsGenerated', {
      endTime: Date.now(),
      candidateNotebook: 's3://b/wf/output/c.ipynb',
      explorationNotebook: 's3://b/wf/output/e.ipynb'
    });
    await jest.advanceTimersByTimeAsync(MINUTE);
    expect(step.phase).toBe('ended');
    expect(step.status).toBe('done');
    expect(step.timeline.map(s => s.secondaryStatus)).toEqual([
      'Starting',
      'AnalyzingData',
      'CandidateDefinitionsGenerated'
    ]);
    const [starting, analyzing] = step.stageDurations();
    expect(starting).toBe(2 * MINUTE);
    expect(analyzing).toBe(3 * MINUTE);
    expect(ended).toHaveLength(1);
    expect(ended[0].candidateNotebook).toBe('s3://b/wf/output/c.ipynb');
    const calls = aws.count('describe');
    await jest.advanceTimersByTimeAsync(10 * MINUTE);
    expect(aws.count('describe')).toBe(calls);
    expect(step.summary()).toEqual({
      name: REQUEST.name,
      jobStatus: 'Completed',
      secondaryStatus: 'CandidateDefinitionsGenerated',
      elapsedSeconds: 300,
      failureReason: null
    });
    step.dispose();
  });

  it('shows Starting, from the creation, when the first description is past it', async () => {
    const { aws, step } = setup();
    const created = Date.now();
    // The first answer already says AnalyzingData: Starting was short, or the first poll slow.
    const origin = aws.api.createJob;
    aws.api.createJob = async request => {
      const answer = await origin(request);
      aws.advance('InProgress', 'AnalyzingData', {
        lastModifiedTime: created + 3000
      });
      // The answer, and the first description, arrive 4 s after the creation.
      jest.setSystemTime(created + 4000);
      return answer;
    };
    await step.create(REQUEST);
    await jest.advanceTimersByTimeAsync(6000);
    expect(
      step.timeline.map(s => [s.secondaryStatus, s.startedAt, s.endedAt])
    ).toEqual([
      ['Starting', created, created + 3000],
      ['AnalyzingData', created + 3000, null]
    ]);
    step.dispose();
  });

  it("shows the job's own failure reason", async () => {
    const { aws, step } = setup();
    await step.create(REQUEST);
    aws.advance('Failed', 'Failed', {
      endTime: Date.now(),
      failureReason: 'ClientError: The target column has only one value.'
    });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(step.phase).toBe('ended');
    expect(step.status).toBe('failed');
    expect(step.summary()?.failureReason).toBe(
      'ClientError: The target column has only one value.'
    );
    step.dispose();
  });

  it('forgets an ended job for a new one, never a running one', async () => {
    const { aws, store, step } = setup();
    await step.create(REQUEST);
    await step.forgetEnded();
    expect(step.phase).toBe('watching');
    aws.advance('Failed', 'Failed', { endTime: Date.now() });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(step.phase).toBe('ended');
    await step.forgetEnded();
    expect(step.phase).toBe('idle');
    expect(step.job).toBeNull();
    expect(step.timeline).toEqual([]);
    expect(store.value).toBeNull();
    const calls = aws.calls.length;
    await jest.advanceTimersByTimeAsync(60_000);
    // Its poll stopped with it.
    expect(aws.calls.length).toBe(calls);
    step.dispose();
  });

  it('stops a running job and watches it stop', async () => {
    const { aws, step } = setup();
    await step.create(REQUEST);
    expect(step.canStop).toBe(true);
    expect(await step.stop()).toBe(true);
    await jest.advanceTimersByTimeAsync(100);
    expect(step.job?.status).toBe('Stopping');
    expect(step.canStop).toBe(false);
    aws.advance('Stopped', 'Stopped', { endTime: Date.now() });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(step.phase).toBe('ended');
    expect(aws.count('stop')).toBe(1);
    step.dispose();
  });
});

describe('attaching', () => {
  it('lists recent jobs and attaches by name; an unknown name says so', async () => {
    const { aws, step } = setup();
    aws.recent = [
      {
        name: 'old-v1-job',
        arn: 'arn:1',
        status: 'Completed',
        secondaryStatus: 'Completed',
        creationTime: T0 - MINUTE,
        lastModifiedTime: T0,
        endTime: T0,
        failureReason: null
      }
    ];
    expect(await step.loadRecentJobs()).toHaveLength(1);
    expect(await step.attach('missing')).toBe('idle');
    expect(step.error?.kind).toBe('not-found');
    aws.job = {
      ...jobDescription('old-v1-job', T0 - MINUTE),
      status: 'Completed',
      apiVersion: 'v1'
    };
    expect(await step.attach('old-v1-job')).toBe('ended');
    expect(step.createdHere).toBe(false);
    step.dispose();
  });
});

describe('pollInterval', () => {
  it('never asks more than 6 times a minute after the first minute', () => {
    for (let t = MINUTE; t < 120 * MINUTE; t += 7_000) {
      expect(pollInterval(t)).toBeGreaterThanOrEqual(10_000);
    }
    expect(pollInterval(0)).toBe(5_000);
  });
});

function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible')
  });
  document.dispatchEvent(new Event('visibilitychange'));
}
