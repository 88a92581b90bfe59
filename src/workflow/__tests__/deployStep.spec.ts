import { nullTranslator } from '@jupyterlab/translation';

import {
  csvLine,
  DeployStep,
  EndpointTestError,
  SEEK_ENDPOINT_MS,
  SEEK_INTERVAL
} from '../deployStep';
import { BASE, FakeAccount, IDENTITY, PREFIX, throttling } from './fakeAccount';

const trans = nullTranslator.load('jupyterlab_autopilot');

const NAME = `AutoML-${BASE}`;

function setup(status = 'InService') {
  const a = new FakeAccount();
  a.addPipelineDeployment(NAME, `${PREFIX}/${BASE}`, status);
  // Made outside the workflow: never listed, never invoked.
  a.addPipelineDeployment('AutoML-churn-pilot-look-alike', 's3://bucket/mine');
  return { a, step: stepOn(a) };
}

/** The step, on the workflow's identity, over `a`. */
function stepOn(a: FakeAccount): DeployStep {
  return new DeployStep({
    calls: a,
    workflow: () => ({ identity: IDENTITY, region: 'us-east-1' }),
    trans
  });
}

describe('DeployStep', () => {
  afterEach(() => jest.useRealTimers());

  it('lists the workflow endpoints with status, size and estimated cost', async () => {
    const { step } = setup();
    expect(await step.listEndpoints()).toEqual({
      status: 'listed',
      endpoints: [
        {
          name: NAME,
          status: 'InService',
          instanceType: 'ml.m5.large',
          count: 1,
          estimatedHourlyUsd: 0.115
        }
      ]
    });
    expect(step.endpoints[0]).toMatchObject({
      creationTime: 1,
      lastModifiedTime: 2,
      failureReason: null
    });
    expect(step.watching).toBe(false);
    step.dispose();
  });

  it('a slow find with an older identity never empties a newer list', async () => {
    const a = new FakeAccount();
    a.addPipelineDeployment(NAME, `${PREFIX}/${BASE}`);
    let identity = {
      ...IDENTITY,
      tag: { ...IDENTITY.tag, value: 'not-yet' },
      outputPrefix: null as string | null,
      notebookBaseNames: [] as string[]
    };
    const step = new DeployStep({
      calls: a,
      workflow: () => ({ identity, region: 'us-east-1' }),
      trans
    });
    // The first find (no job output known yet) answers last.
    let release!: () => void;
    const held = new Promise<void>(resolve => (release = resolve));
    const listModels = a.listModels.bind(a);
    let first = true;
    a.listModels = async () => {
      if (first) {
        first = false;
        await held;
      }
      return listModels();
    };
    const early = step.refresh();
    identity = IDENTITY;
    await step.refresh();
    expect(step.endpoints.map(e => e.name)).toEqual([NAME]);
    expect(step.status).toBe('done');
    release();
    await early;
    expect(step.endpoints.map(e => e.name)).toEqual([NAME]);
    step.dispose();
  });

  it('shows the reason of a failed endpoint and an unknown type as unknown', async () => {
    const { a, step } = setup('Failed');
    a.configs.get(NAME)!.config.variants[0].instanceType = 'ml.new.type';
    await step.refresh();
    expect(step.endpoints[0]).toMatchObject({
      status: 'Failed',
      failureReason: 'The image failed.',
      estimatedHourlyUsd: 'unknown'
    });
    step.dispose();
  });

  it('polls while an endpoint is Creating, through a throttled call, until InService', async () => {
    jest.useFakeTimers();
    const { a, step } = setup('Creating');
    await step.refresh();
    expect(step.watching).toBe(true);
    a.failures.push({ operation: 'ListModels', error: throttling, times: 1 });
    // The poll's first describe comes at once, and is throttled.
    await jest.advanceTimersByTimeAsync(0);
    expect(step.error?.kind).toBe('throttling');
    expect(step.watching).toBe(true);
    a.endpoints.get(NAME)!.endpoint.status = 'InService';
    await jest.advanceTimersByTimeAsync(60_000);
    expect(step.error).toBeNull();
    expect(step.endpoints[0].status).toBe('InService');
    expect(step.watching).toBe(false);
    step.dispose();
  });

  it('after the tuning, looks for the endpoint the notebook deploys until it appears, then watches it', async () => {
    jest.useFakeTimers();
    const a = new FakeAccount();
    const step = stepOn(a);
    const since = Date.now();
    step.lookForEndpoints(since);
    expect(step.seeking).toBe(true);
    expect(step.watching).toBe(true);
    await jest.advanceTimersByTimeAsync(3 * SEEK_INTERVAL);
    expect(step.status).toBe('not-started');
    expect(step.watching).toBe(true);
    // The notebook's deploy cell runs; a look-alike appears too.
    a.addPipelineDeployment(NAME, `${PREFIX}/${BASE}`, 'Creating');
    a.addPipelineDeployment(
      'AutoML-churn-pilot-look-alike',
      's3://bucket/mine'
    );
    await jest.advanceTimersByTimeAsync(SEEK_INTERVAL);
    expect(step.endpoints.map(e => e.name)).toEqual([NAME]);
    expect(step.status).toBe('working');
    expect(step.seeking).toBe(false);
    a.endpoints.get(NAME)!.endpoint.status = 'InService';
    await jest.advanceTimersByTimeAsync(2 * SEEK_INTERVAL);
    expect(step.status).toBe('done');
    expect(step.watching).toBe(false);
    // Cleaned up: the same tuning job's end does not start another look.
    a.endpoints.delete(NAME);
    await step.refresh();
    expect(step.endpoints).toEqual([]);
    step.lookForEndpoints(since);
    expect(step.watching).toBe(false);
    step.dispose();
  });

  it('looks for an endpoint for a bounded time, and not at all long after the tuning ended', async () => {
    jest.useFakeTimers();
    const a = new FakeAccount();
    const step = stepOn(a);
    step.lookForEndpoints(Date.now() - SEEK_ENDPOINT_MS - 1);
    expect(step.watching).toBe(false);
    expect(a.log).toEqual([]);

    step.lookForEndpoints(Date.now());
    step.lookForEndpoints(Date.now()); // once is enough: one poll
    await jest.advanceTimersByTimeAsync(SEEK_ENDPOINT_MS + 5 * SEEK_INTERVAL);
    expect(step.watching).toBe(false);
    const lists = a.log.filter(call => call.startsWith('ListEndpoints'));
    expect(lists.length).toBeGreaterThan(SEEK_ENDPOINT_MS / SEEK_INTERVAL - 2);
    expect(lists.length).toBeLessThanOrEqual(
      SEEK_ENDPOINT_MS / SEEK_INTERVAL + 2
    );
    step.dispose();
  });

  it('sends one CSV row as text/csv and gives the prediction and latency', async () => {
    const { a, step } = setup();
    let sent = '';
    a.invoke = (_name, body) => {
      sent = body;
      return {
        body: 'True.,0.91\n',
        contentType: 'text/csv',
        status: 200,
        latencyMs: 37
      };
    };
    expect(
      await step.testEndpoint(NAME, ['KS', 128, 'a "quoted", value'])
    ).toEqual({
      status: 'predicted',
      prediction: 'True.,0.91',
      latencyMs: 37
    });
    expect(sent).toBe('text/csv|text/csv|KS,128,"a ""quoted"", value"');
    expect(step.lastTest).toMatchObject({
      httpStatus: 200,
      contentType: 'text/csv'
    });
    step.dispose();
  });

  it('names the format of a model that does not answer CSV', async () => {
    const { a, step } = setup();
    a.invoke = () => ({
      body: '{"predictions": []}',
      contentType: 'application/json',
      status: 200,
      latencyMs: 5
    });
    await expect(step.testEndpoint(NAME, '1,2')).rejects.toThrow(
      /answered in application\/json, not text\/csv/
    );
    step.dispose();
  });

  it('refuses endpoints not InService, not of the workflow, and bad rows', async () => {
    const { a, step } = setup('Creating');
    await expect(step.testEndpoint(NAME, '1,2')).rejects.toMatchObject({
      reason: 'not-in-service'
    });
    await expect(
      step.testEndpoint('AutoML-churn-pilot-look-alike', '1,2')
    ).rejects.toBeInstanceOf(EndpointTestError);
    a.endpoints.get(NAME)!.endpoint.status = 'InService';
    await expect(step.testEndpoint(NAME, '1,2\n3,4')).rejects.toMatchObject({
      reason: 'bad-row'
    });
    expect(a.log.filter(l => l.startsWith('InvokeEndpoint'))).toEqual([]);
    step.dispose();
  });
});

describe('csvLine', () => {
  it('quotes only where CSV needs it', () => {
    expect(csvLine(['a', 1, 'b,c', 'd\ne'])).toBe('a,1,"b,c","d\ne"');
  });
});
