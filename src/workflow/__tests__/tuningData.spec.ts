import { callFloor, TuningData } from '../tuningData';
import { FakeTuningJob } from './fakeTuning';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 1, 20, 0, 0);

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});

afterEach(() => {
  jest.useRealTimers();
});

function finished(count: number) {
  const fake = new FakeTuningJob(
    'tune-finished',
    count,
    4,
    T0 - 24 * 60 * MINUTE
  );
  return { fake, data: new TuningData({ api: fake.api, name: fake.name }) };
}

describe('a finished tuning job', () => {
  it('8 jobs: one list page and one Search page, plus the describe', async () => {
    const { fake, data } = finished(8);
    await data.refresh();
    expect(fake.calls).toEqual([
      'describeTuningJob',
      'listTrainingJobs',
      'search'
    ]);
    expect(data.calls).toMatchObject({
      total: 3,
      listTrainingJobs: 1,
      search: 1
    });
    expect(callFloor(8)).toBe(2);
    expect(data.trainingJobs).toHaveLength(8);
    expect(data.trials).toHaveLength(8);
    expect(data.complete).toBe(true);
  });

  it('250 jobs: three list pages and three Search pages, plus the describe', async () => {
    const { fake, data } = finished(250);
    await data.refresh();
    expect(fake.calls).toEqual([
      'describeTuningJob',
      'listTrainingJobs',
      'listTrainingJobs',
      'listTrainingJobs',
      'search',
      'search',
      'search'
    ]);
    expect(data.calls.total - data.calls.describeTuningJob).toBe(
      callFloor(250)
    );
    expect(data.trials).toHaveLength(250);
    expect(data.trialFor(data.trainingJobs[249].arn)?.name).toBe(
      `${data.trainingJobs[249].name}-aws-training-job`
    );
  });

  it('fetches nothing again once complete; a description handed in saves the describe', async () => {
    const { fake, data } = finished(8);
    await data.refresh(fake.describe());
    expect(fake.calls).toEqual(['listTrainingJobs', 'search']);
    await data.refresh();
    await data.refresh(fake.describe());
    expect(fake.calls).toHaveLength(2);
  });

  it('shares one refresh between concurrent callers', async () => {
    const { fake, data } = finished(8);
    await Promise.all([data.refresh(), data.refresh()]);
    expect(fake.calls).toHaveLength(3);
  });

  it('describes a finished training job once', async () => {
    const { fake, data } = finished(8);
    await data.refresh();
    const name = data.trainingJobs[2].name;
    const first = await data.details(name);
    expect(first.finalMetrics[0].name).toBe('validation:f1');
    expect(await data.details(name)).toBe(first);
    expect(fake.calls.filter(c => c === 'describeTrainingJob')).toHaveLength(1);
  });

  it('asks Search again for a trial it did not find, at most three times', async () => {
    const { fake, data } = finished(8);
    fake.unsearchable.add(fake.summary(3).arn);
    await data.refresh();
    expect(data.trials).toHaveLength(7);
    expect(data.complete).toBe(false);
    await data.refresh();
    await data.refresh();
    expect(data.complete).toBe(true);
    await data.refresh();
    const searches = fake.calls.filter(c => c === 'search');
    expect(searches).toHaveLength(3);
    // Later searches ask only for the missing one: no list again (counters still).
    expect(fake.calls.filter(c => c === 'listTrainingJobs')).toHaveLength(1);
  });

  it('searches again for a trial found before its metrics were summarised', async () => {
    const { fake, data } = finished(8);
    const trial = fake.trial.bind(fake);
    let summarised = false;
    fake.trial = i =>
      i === 5 && !summarised ? { ...trial(i), metrics: [] } : trial(i);
    await data.refresh();
    expect(data.trials).toHaveLength(8);
    expect(data.complete).toBe(false);
    summarised = true;
    await data.refresh();
    expect(data.trialFor(fake.summary(5).arn)?.metrics).toHaveLength(3);
    expect(data.complete).toBe(true);
    expect(fake.calls.filter(c => c === 'search')).toHaveLength(2);
  });
});

describe('a running tuning job', () => {
  it('lists again only when the counters move, and searches only what finished since', async () => {
    // 8 jobs, 4 at a time, one minute each: 4 finish at +1 min, 4 at +2 min.
    const fake = new FakeTuningJob('tune-live', 8, 4, T0);
    const data = new TuningData({ api: fake.api, name: fake.name });
    const searched: number[] = [];
    const search = fake.api.searchTrialComponentsPage;
    fake.api.searchTrialComponentsPage = (arns, token) => {
      searched.push(arns.length);
      return search(arns, token);
    };

    await data.refresh();
    expect(data.trainingJobs.map(j => j.status)).toEqual(
      Array(4).fill('InProgress')
    );
    expect(searched).toEqual([]);

    fake.calls = [];
    await jest.advanceTimersByTimeAsync(20_000);
    await data.refresh();
    expect(fake.calls).toEqual(['describeTuningJob']); // nothing moved

    await jest.advanceTimersByTimeAsync(MINUTE);
    await data.refresh();
    expect(data.trials).toHaveLength(4);
    expect(searched).toEqual([4]);

    await jest.advanceTimersByTimeAsync(MINUTE);
    fake.calls = [];
    await data.refresh();
    expect(fake.calls).toEqual([
      'describeTuningJob',
      'listTrainingJobs',
      'search'
    ]);
    expect(searched).toEqual([4, 4]);
    expect(data.trials).toHaveLength(8);
    expect(data.job?.status).toBe('Completed');
    expect(data.complete).toBe(true);
  });

  it("does not cache an unfinished training job's description", async () => {
    const fake = new FakeTuningJob('tune-live', 8, 4, T0);
    const data = new TuningData({ api: fake.api, name: fake.name });
    await data.refresh();
    await data.details(data.trainingJobs[0].name);
    await data.details(data.trainingJobs[0].name);
    expect(fake.calls.filter(c => c === 'describeTrainingJob')).toHaveLength(2);
  });

  it('signals each step, so the table fills as pages arrive', async () => {
    const { data } = finished(250);
    const seen: number[] = [];
    data.changed.connect(() => seen.push(data.trials.length));
    await data.refresh();
    expect(seen).toEqual([0, 0, 100, 200, 250]);
  });
});
