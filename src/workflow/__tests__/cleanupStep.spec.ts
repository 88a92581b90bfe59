import { nullTranslator } from '@jupyterlab/translation';

import { cleanupItemNote, type ICleanupItem } from '../cleanupPlan';
import { CleanupStep, type IS3Cleanup } from '../cleanupStep';
import {
  accessDenied,
  BASE,
  FakeAccount,
  IDENTITY,
  PREFIX,
  TAG_KEY,
  throttling,
  awsError
} from './fakeAccount';

const trans = nullTranslator.load('jupyterlab_autopilot');

const JOB = 'churn-pilot';

/**
 * The workflow's resources, and look-alikes made outside it that must never
 * be listed or touched.
 */
function account(): FakeAccount {
  const a = new FakeAccount();
  a.addJob('automl', JOB, { outputs: [PREFIX] }, { [TAG_KEY]: 'wf1abc2def3g' });
  a.addJob('tuning', `${BASE}-tuning`, {
    outputs: [`${PREFIX}/${BASE}/tuning`]
  });
  a.addJob('training', `${BASE}-tuning-001-abc`, {
    parentArn: `arn:aws:sagemaker:us-east-1:1:tuning-job/${BASE}-tuning`,
    outputs: ['s3://bucket/elsewhere']
  });
  a.addJob('processing', `${JOB}-dpp0-1-abc`, {
    outputs: [`${PREFIX}/${JOB}/preprocessed`],
    instanceType: 'ml.m5.4xlarge'
  });
  a.addPipelineDeployment(`AutoML-${BASE}`, `${PREFIX}/${BASE}`);
  // Look-alikes: similar names, a neighbouring prefix, another workflow's tag.
  a.addPipelineDeployment(
    'AutoML-churn-pilot-notebook-run-01-02-03-05',
    's3://bucket/autopilot/wf1abc2def3g/output-mine'
  );
  a.addJob('training', 'churn-pilot-notebook-run-01-02-03-05-tuning', {
    outputs: ['s3://bucket/autopilot/wf1abc2def3g/outputs']
  });
  a.addJob('training', 'churn-pilot-dpp0-1-abc', {}, { [TAG_KEY]: 'wf2other' });
  a.addJob('transform', 'finished-inside', {
    status: 'Completed',
    outputs: [`${PREFIX}/x`]
  });
  return a;
}

function fakeS3(
  objects: Map<string, number>
): IS3Cleanup & { failNext: boolean } {
  const s3 = {
    failNext: false,
    summarize: async (prefix: string) => ({
      prefix,
      count: objects.size,
      totalBytes: [...objects.values()].reduce((a, b) => a + b, 0)
    }),
    deleteUnder: async () => {
      if (s3.failNext) {
        s3.failNext = false;
        objects.delete([...objects.keys()][0]);
        return { remaining: objects.size };
      }
      objects.clear();
      return { remaining: 0 };
    }
  };
  return s3;
}

function step(
  a: FakeAccount,
  options: {
    s3?: IS3Cleanup | null;
    confirm?: (items: ICleanupItem[]) => Promise<boolean>;
  } = {}
) {
  return new CleanupStep({
    calls: a,
    s3: options.s3 ?? null,
    workflow: () => ({
      identity: IDENTITY,
      automlJobName: JOB,
      region: 'us-east-1'
    }),
    localFiles: async () => [
      `${JOB}/SageMakerAutopilotCandidateDefinitionNotebook.ipynb`
    ],
    askConfirmation: options.confirm ?? (async () => true),
    trans
  });
}

const MUTATIONS = /^(Stop|Delete)/;

describe('CleanupStep.plan', () => {
  it('lists exactly the workflow resources, in groups, with their hourly cost', async () => {
    const a = account();
    const s3 = fakeS3(
      new Map([
        ['a', 1000],
        ['b', 2000]
      ])
    );
    expect(await step(a, { s3 }).plan()).toEqual({
      status: 'planned',
      items: [
        {
          kind: 'automl-job',
          name: JOB,
          action: 'stop',
          estimatedHourlyUsd: 0
        },
        {
          kind: 'tuning-job',
          name: `${BASE}-tuning`,
          action: 'stop',
          estimatedHourlyUsd: 0.23
        },
        {
          kind: 'training-job',
          name: `${BASE}-tuning-001-abc`,
          action: 'stop',
          estimatedHourlyUsd: 0.23
        },
        {
          kind: 'processing-job',
          name: `${JOB}-dpp0-1-abc`,
          action: 'stop',
          estimatedHourlyUsd: 0.922
        },
        {
          kind: 'endpoint',
          name: `AutoML-${BASE}`,
          action: 'delete',
          estimatedHourlyUsd: 0.115
        },
        {
          kind: 'endpoint-config',
          name: `AutoML-${BASE}`,
          action: 'delete',
          estimatedHourlyUsd: 0
        },
        {
          kind: 'model',
          name: `AutoML-${BASE}`,
          action: 'delete',
          estimatedHourlyUsd: 0
        },
        {
          kind: 's3-prefix',
          name: PREFIX,
          action: 'delete',
          estimatedHourlyUsd: expect.any(Number)
        },
        {
          kind: 'local-file',
          name: `${JOB}/SageMakerAutopilotCandidateDefinitionNotebook.ipynb`,
          action: 'keep',
          estimatedHourlyUsd: 0
        }
      ]
    });
    expect(a.log.filter(l => MUTATIONS.test(l))).toEqual([]);
  });

  it('leaves S3 unchecked by default with its count and size', async () => {
    const items = await step(account(), {
      s3: fakeS3(
        new Map([
          ['a', 1000],
          ['b', 2000]
        ])
      )
    }).planItems();
    expect(items.find(i => i.kind === 's3-prefix')).toMatchObject({
      checkedByDefault: false,
      objectCount: 2,
      totalBytes: 3000,
      group: 's3'
    });
    expect(items.find(i => i.kind === 'endpoint')?.checkedByDefault).toBe(true);
    const note = (kind: string) =>
      cleanupItemNote(
        items.find(i => i.kind === kind)!,
        trans
      );
    expect(note('automl-job')).toMatch(/cannot delete an AutoML job/);
    expect(note('s3-prefix')).toBe(
      '2 objects, 3000 bytes. Optional: deleted only if you check it.'
    );
    expect(note('local-file')).toMatch(/never deletes local files/);
    expect(note('endpoint')).toBeNull();
  });
});

describe('CleanupStep.cleanup', () => {
  it('asks first, and does nothing when the dialog is declined', async () => {
    const a = account();
    let asked: ICleanupItem[] = [];
    const result = await step(a, {
      confirm: async items => {
        asked = items;
        return false;
      }
    }).cleanup();
    expect(result).toEqual({ status: 'cancelled', items: [] });
    expect(asked.map(i => i.name)).toContain(`AutoML-${BASE}`);
    expect(a.log.filter(l => MUTATIONS.test(l))).toEqual([]);
  });

  it('stops and deletes the workflow resources only, each confirmed by a describe', async () => {
    const a = account();
    const result = await step(a).cleanup({ confirm: false });
    expect(result.status).toBe('cleaned');
    expect(result.items).toEqual([
      { kind: 'automl-job', name: JOB, result: 'stopping' },
      { kind: 'tuning-job', name: `${BASE}-tuning`, result: 'stopping' },
      {
        kind: 'training-job',
        name: `${BASE}-tuning-001-abc`,
        result: 'stopping'
      },
      { kind: 'processing-job', name: `${JOB}-dpp0-1-abc`, result: 'stopping' },
      { kind: 'endpoint', name: `AutoML-${BASE}`, result: 'deleting' },
      { kind: 'endpoint-config', name: `AutoML-${BASE}`, result: 'deleted' },
      { kind: 'model', name: `AutoML-${BASE}`, result: 'deleted' },
      {
        kind: 'local-file',
        name: `${JOB}/SageMakerAutopilotCandidateDefinitionNotebook.ipynb`,
        result: 'kept'
      }
    ]);
    const mutations = a.log.filter(l => MUTATIONS.test(l));
    expect(mutations.join('\n')).not.toMatch(
      /01-02-03-05|wf2|finished-inside|training:churn-pilot-dpp0-1-abc/
    );
    // Every mutation is followed by its describe.
    const i = a.log.indexOf(`DeleteModel AutoML-${BASE}`);
    expect(a.log[i + 1]).toBe(`DescribeModel AutoML-${BASE}`);
    // The look-alikes are still there.
    expect(
      a.endpoints.get('AutoML-churn-pilot-notebook-run-01-02-03-05')?.endpoint
        .status
    ).toBe('InService');
    expect(a.models.has('AutoML-churn-pilot-notebook-run-01-02-03-05')).toBe(
      true
    );
    expect(a.jobs.get('training:churn-pilot-dpp0-1-abc')?.job.status).toBe(
      'InProgress'
    );
    // Once AWS finishes, a second plan finds nothing left to do.
    a.settle();
    const again = await step(a).plan();
    expect(again.items.map(i => i.kind)).toEqual(['local-file']);
  });

  it('reports throttling, access denied and in-use item by item; running again finishes', async () => {
    const a = account();
    a.failures.push(
      { operation: 'DeleteEndpoint', error: throttling, times: 1 },
      {
        operation: 'StopJob',
        name: `processing:${JOB}-dpp0-1-abc`,
        error: () => accessDenied('sagemaker:StopProcessingJob'),
        times: 1
      }
    );
    const first = await step(a).cleanup({ confirm: false });
    expect(first.status).toBe('partial');
    const of = (run: typeof first, kind: string) =>
      run.items.find(i => i.kind === kind)!;
    expect(of(first, 'endpoint')).toMatchObject({
      result: 'failed',
      reason: expect.stringMatching(/throttling/)
    });
    expect(of(first, 'processing-job')).toMatchObject({
      result: 'failed',
      reason: expect.stringContaining('sagemaker:StopProcessingJob')
    });
    // The endpoint's config and model stay until the endpoint goes (else the
    // next run could not trace the endpoint); the rest is done.
    expect(of(first, 'endpoint-config')).toMatchObject({
      result: 'skipped',
      reason: expect.stringContaining(`Kept until AutoML-${BASE} is deleted`)
    });
    expect(of(first, 'model').result).toBe('skipped');
    expect(of(first, 'tuning-job').result).toBe('stopping');

    a.failures.push({
      operation: 'DeleteModel',
      error: () => awsError('ResourceInUse', 'Model is in use.'),
      times: 1
    });
    const second = await step(a).cleanup({ confirm: false });
    expect(second.status).toBe('partial');
    expect(second.items.map(i => [i.kind, i.result])).toEqual([
      ['processing-job', 'stopping'],
      ['endpoint', 'deleting'],
      ['endpoint-config', 'deleted'],
      ['model', 'failed'],
      ['local-file', 'kept']
    ]);
    expect(of(second, 'model').reason).toMatch(/^In use/);

    const third = await step(a).cleanup({ confirm: false });
    expect(third.status).toBe('cleaned');
    expect(third.items.map(i => [i.kind, i.result])).toEqual([
      ['model', 'deleted'],
      ['local-file', 'kept']
    ]);
  });

  it('never says deleted when the describe still finds the resource', async () => {
    const a = account();
    // DeleteModel "succeeds" but the model stays.
    a.deleteModel = async (name: string) => {
      a.log.push(`DeleteModel ${name}`);
    };
    const result = await step(a).cleanup({ confirm: false });
    expect(result.status).toBe('partial');
    expect(result.items.find(i => i.kind === 'model')).toMatchObject({
      result: 'failed',
      reason: expect.stringContaining('still shows no change')
    });
  });

  it('treats a resource gone meanwhile as done, confirmed by the describe', async () => {
    const a = account();
    const original = a.stopJob.bind(a);
    a.stopJob = async (kind, name) => {
      if (kind === 'tuning') {
        a.jobs.delete(`${kind}:${name}`);
      }
      return original(kind, name);
    };
    const result = await step(a).cleanup({ confirm: false });
    expect(result.items.find(i => i.kind === 'tuning-job')?.result).toBe(
      'stopped'
    );
  });

  it('deletes S3 objects only with includeS3, and says failed while objects remain', async () => {
    const objects = new Map([
      ['a', 1],
      ['b', 2]
    ]);
    const s3 = fakeS3(objects);
    const skipped = await step(account(), { s3 }).cleanup({ confirm: false });
    expect(skipped.items.find(i => i.kind === 's3-prefix')?.result).toBe(
      'skipped'
    );
    expect(objects.size).toBe(2);
    s3.failNext = true;
    const partial = await step(account(), { s3 }).cleanup({
      confirm: false,
      includeS3: true
    });
    expect(partial.items.find(i => i.kind === 's3-prefix')?.result).toBe(
      'failed'
    );
    const done = await step(account(), { s3 }).cleanup({
      confirm: false,
      includeS3: true
    });
    expect(done.items.find(i => i.kind === 's3-prefix')?.result).toBe(
      'deleted'
    );
    expect(objects.size).toBe(0);
  });
});
