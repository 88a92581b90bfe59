import { Signal } from '@lumino/signaling';
import type { IAutopilotContextModel } from '../../tokens';
import { defaultJobFormValues } from '../../workflow/jobForm';
import type { StepStatus } from '../../workflow/stepStatus';
import { WorkflowModel } from '../../workflow/workflowModel';
import { settle } from '../../workflow/__tests__/fakeClock';
import {
  CHURN_PROFILE,
  CHURN_SPLIT,
  FakeServerApi
} from '../../workflow/__tests__/fakeServerApi';
import { JobStep } from '../../workflow/jobStep';
import { NotebooksStep } from '../../workflow/notebooksStep';
import {
  forgetJobWithWorkflow,
  forgetNotebooksWithJob,
  jobFormContext
} from '../jobSteps';

const ROLE = 'arn:aws:iam::123456789012:role/AutopilotExecution';
const context: IAutopilotContextModel = {
  context: { region: 'us-east-1', executionRoleArn: ROLE } as any,
  error: null,
  changed: new Signal<any, any>({}),
  refresh: async () => null,
  ensure: async () =>
    ({ defaultBucket: 'sagemaker-us-east-1-123456789012' }) as any
};

/** A later step as the workflow sees it, its status set by the test. */
class FakeStep {
  status: StepStatus = 'not-started';
  readonly changed = new Signal<this, void>(this);
  set(status: StepStatus): void {
    this.status = status;
    this.changed.emit();
  }
}

describe('the job steps joined to the workflow', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function uploaded(): Promise<WorkflowModel> {
    const api = new FakeServerApi();
    api.scripts.profile = { result: CHURN_PROFILE };
    api.scripts.split = { result: CHURN_SPLIT };
    api.buckets.set('sagemaker-us-east-1-123456789012', true);
    api.scripts.upload = {
      result: {
        train:
          's3://sagemaker-us-east-1-123456789012/autopilot/churn-x/train/churn-train.csv',
        validation:
          's3://sagemaker-us-east-1-123456789012/autopilot/churn-x/validation/churn-validation.csv',
        bytes: 1,
        tags: {}
      }
    };
    const workflow = new WorkflowModel({ api, context });
    await settle(workflow.restored);
    await settle(workflow.dataset.use('data/churn.txt'));
    await settle(workflow.dataset.split({ target: 'Churn?' }));
    await settle(
      workflow.dataset.upload(
        { prefix: 'autopilot/churn-x' },
        { createBucket: async () => true, overwrite: async () => false }
      )
    );
    return workflow;
  }

  it('fills the form from the upload, the profile and the context', async () => {
    const workflow = await uploaded();
    const form = jobFormContext(workflow, context)!;
    expect(form).toMatchObject({
      header: CHURN_PROFILE.header,
      target: 'Churn?',
      problemType: 'BinaryClassification',
      bucket: 'sagemaker-us-east-1-123456789012',
      prefix: 'autopilot/churn-x',
      datasetName: 'churn',
      workflowId: workflow.id,
      executionRoleArn: ROLE,
      region: 'us-east-1'
    });
    const values = defaultJobFormValues(form);
    expect(values.metric).toBe('F1');
    expect(values.outputUri).toBe(
      's3://sagemaker-us-east-1-123456789012/autopilot/churn-x/output'
    );
    expect(values.validationUri).toContain('/validation/');
    expect(values.roleArn).toBe(ROLE);
  });

  it('has no form before the upload', async () => {
    const workflow = new WorkflowModel({ api: new FakeServerApi(), context });
    await settle(workflow.restored);
    expect(jobFormContext(workflow, context)).toBeNull();
  });

  it('opens the panel on the first step that needs the user, the added ones included', async () => {
    const workflow = await uploaded();
    expect(workflow.currentStep()).toBe('dataset');
    const job = new FakeStep();
    const notebooks = new FakeStep();
    let changes = 0;
    workflow.changed.connect(() => changes++);
    workflow.addStep('job', job);
    workflow.addStep('notebooks', notebooks);
    expect(workflow.currentStep()).toBe('job');
    job.set('working');
    expect(workflow.status('job')).toBe('working');
    expect(changes).toBeGreaterThan(2);
    job.set('done');
    expect(workflow.currentStep()).toBe('notebooks');
    // The last available step stays open to show what it made.
    notebooks.set('done');
    expect(workflow.currentStep()).toBe('notebooks');
    expect(workflow.status('tuning')).toBe('not-started');
  });

  it('a new workflow forgets the last one’s ended job, not a running one', async () => {
    const workflow = await uploaded();
    let status = 'Completed';
    const description = () =>
      ({
        name: 'churn-x',
        arn: 'arn:aws:sagemaker:us-east-1:123456789012:automl-job/churn-x',
        status,
        secondaryStatus: status === 'Completed' ? 'Completed' : 'Starting',
        creationTime: Date.now(),
        lastModifiedTime: Date.now(),
        endTime: status === 'Completed' ? Date.now() : null
      }) as any;
    // A job step over a fake AWS that knows one job, in `status`.
    const jobAt = () =>
      new JobStep({
        api: {
          createJob: async () => ({ name: 'x', arn: '' }),
          describeJob: async () => description(),
          findJob: async () => description(),
          listRecentJobs: async () => [],
          stopJob: async () => undefined
        },
        store: { load: async () => null, save: async () => undefined }
      });
    const job = jobAt();
    forgetJobWithWorkflow(workflow, job);
    status = 'InProgress';
    await settle(job.attach('churn-x'));
    expect(job.phase).toBe('watching');
    workflow.startNew();
    await settle(Promise.resolve());
    expect(job.phase).toBe('watching');
    job.dispose();

    const ended = jobAt();
    const again = await uploaded();
    forgetJobWithWorkflow(again, ended);
    status = 'Completed';
    await settle(ended.attach('churn-x'));
    expect(ended.phase).toBe('ended');
    // Attached before any dataset (no workflow id): kept.
    const fresh = new WorkflowModel({ api: new FakeServerApi(), context });
    await settle(fresh.restored);
    const early = jobAt();
    forgetJobWithWorkflow(fresh, early);
    await settle(early.attach('churn-x'));
    fresh.startNew();
    await settle(Promise.resolve());
    expect(early.phase).toBe('ended');
    again.startNew();
    await settle(Promise.resolve());
    expect(ended.phase).toBe('idle');
    expect(ended.job).toBeNull();
  });

  it("forgets the last job's notebooks when another job, or none, is the workflow's", async () => {
    const notebooks = new NotebooksStep({
      fetchNotebooks: async params => ({
        state: 'succeeded',
        result: {
          folder: params.jobName,
          candidate: `${params.jobName}/c.ipynb`,
          exploration: `${params.jobName}/e.ipynb`,
          bytes: 1,
          overwrote: false
        }
      }),
      readNotebook: async () => [],
      listQuotas: async () => [],
      trimToCopy: async () => ({ status: 'refused', reason: 'unused' }) as any,
      region: () => 'us-east-1',
      trans: { __: (s: string) => s } as any
    });
    const job = {
      name: 'job-a' as string | null,
      changed: new Signal<any, void>({})
    };
    forgetNotebooksWithJob(job, notebooks);
    const described = {
      name: 'job-a',
      candidateNotebook: 's3://b/job-a/c.ipynb',
      explorationNotebook: 's3://b/job-a/e.ipynb'
    } as any;
    expect(await notebooks.fetch(described)).toBe('fetched');
    // The same job described again: kept.
    job.changed.emit();
    expect(notebooks.fetched?.folder).toBe('job-a');
    // Another job attached: the Notebooks step starts afresh.
    job.name = 'job-b';
    job.changed.emit();
    expect(notebooks.phase).toBe('idle');
    expect(notebooks.fetched).toBeNull();
    expect(notebooks.jobName).toBeNull();
    expect(await notebooks.fetch({ ...described, name: 'job-b' })).toBe(
      'fetched'
    );
    // New Job: none.
    job.name = null;
    job.changed.emit();
    expect(notebooks.status).toBe('not-started');
  });
});
