import { nullTranslator } from '@jupyterlab/translation';

import type { IQuota } from '../../aws/serviceQuotas';
import {
  IFetchOutcome,
  IFetchParams,
  INotebooksStepOptions,
  NotebooksStep
} from '../notebooksStep';
import { fakeTrimToCopy } from './fakeTrim';
import { C24IO, corpusDescribe, corpusText, finishedPilot } from './fixtures';

const trans = nullTranslator.load('jupyterlab_autopilot');
const JOB = finishedPilot();

const FETCHED = {
  folder: JOB.name,
  candidate: `${JOB.name}/SageMakerAutopilotCandidateDefinitionNotebook.ipynb`,
  exploration: `${JOB.name}/SageMakerAutopilotDataExplorationNotebook.ipynb`,
  bytes: 1000,
  overwrote: false
};

const QUOTAS: IQuota[] = [
  {
    code: 'L-1',
    name: 'ml.m5.4xlarge for training job usage',
    value: 2,
    unit: null,
    adjustable: true,
    applied: true
  },
  {
    code: 'L-2',
    name: 'Number of instances across all training jobs',
    value: 4,
    unit: null,
    adjustable: true,
    applied: true
  }
];

function setup(
  outcomes: Array<IFetchOutcome>,
  overrides: Partial<INotebooksStepOptions> = {}
) {
  const text = corpusText(C24IO);
  const fetchCalls: IFetchParams[] = [];
  const trimCalls: Array<Record<string, unknown>> = [];
  const step = new NotebooksStep({
    fetchNotebooks: async (params, onProgress) => {
      fetchCalls.push(params);
      onProgress(500, 1000);
      onProgress(1000, 1000);
      return outcomes.shift()!;
    },
    readNotebook: async () => JSON.parse(text).cells,
    listQuotas: async () => QUOTAS,
    trimToCopy: fakeTrimToCopy(text, trimCalls),
    region: () => 'us-east-1',
    trans,
    ...overrides
  });
  return { step, fetchCalls, trimCalls };
}

corpusDescribe('the Notebooks step', () => {
  it('fetches, proposes values that fit the quotas, and trims with them', async () => {
    const { step, fetchCalls, trimCalls } = setup([
      { state: 'succeeded', result: FETCHED }
    ]);
    expect(await step.fetch(JOB, { workflowId: 'ab12cd34ef56' })).toBe(
      'fetched'
    );
    expect(fetchCalls).toEqual([
      {
        jobName: JOB.name,
        candidate: JOB.candidateNotebook,
        exploration: JOB.explorationNotebook,
        overwrite: false,
        workflowId: 'ab12cd34ef56'
      }
    ]);
    expect(step.progress).toEqual({ done: 1000, total: 1000 });
    expect(step.proposal).toMatchObject({
      quotasRead: true,
      maxParallelJobs: 2,
      parallelJobs: 2
    });
    const trimmed = await step.trim();
    expect(trimCalls).toEqual([
      {
        path: FETCHED.candidate,
        confirm: false,
        maxParallelJobs: 2,
        parallelJobs: 2
      }
    ]);
    expect(trimmed).toMatchObject({
      status: 'copied',
      path: `${JOB.name}/SageMakerAutopilotCandidateDefinitionNotebook-trimmed.ipynb`,
      kept: ['dpp0-xgboost', 'dpp2-linear-learner'],
      values: { maxJobs: 8, maxParallelJobs: 2, parallelJobs: 2 }
    });
    expect(step.phase).toBe('trimmed');
    expect(step.status).toBe('done');
    step.dispose();
  });

  it('stops at existing files and fetches again only with overwrite', async () => {
    const paths = [FETCHED.candidate];
    const { step, fetchCalls } = setup([
      {
        state: 'failed',
        error: { code: 'file-exists', message: 'exists', paths }
      },
      { state: 'succeeded', result: { ...FETCHED, overwrote: true } }
    ]);
    expect(await step.fetch(JOB)).toBe('exists');
    expect(step.existing).toEqual(paths);
    expect(step.status).toBe('not-started');
    expect(await step.fetch(JOB, { overwrite: true })).toBe('fetched');
    expect(fetchCalls.map(p => p.overwrite)).toEqual([false, true]);
    step.dispose();
  });

  it('keeps the defaults, and says why, when the quotas cannot be read', async () => {
    const denied = Object.assign(
      new Error(
        'User is not authorized to perform: servicequotas:ListServiceQuotas'
      ),
      {
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 }
      }
    );
    const { step } = setup([{ state: 'succeeded', result: FETCHED }], {
      listQuotas: async () => {
        throw denied;
      }
    });
    await step.fetch(JOB);
    expect(step.proposal).toMatchObject({
      quotasRead: false,
      maxParallelJobs: 4,
      parallelJobs: 2
    });
    expect(step.proposal?.messages[0]).toContain(
      'could not be read (no permission for servicequotas:ListServiceQuotas)'
    );
    step.dispose();
  });

  it('refuses a job without notebooks, and reports a failed fetch', async () => {
    const { step } = setup([
      { state: 'failed', error: { code: 'notebook-missing', message: 'gone' } }
    ]);
    expect(await step.fetch({ ...JOB, candidateNotebook: null })).toBe(
      'fetch-failed'
    );
    expect(step.error?.code).toBe('no-notebooks');
    expect(await step.fetch(JOB)).toBe('fetch-failed');
    expect(step.error).toEqual({ code: 'notebook-missing', message: 'gone' });
    expect(step.status).toBe('failed');
    step.dispose();
  });

  it('cancels through the abort signal', async () => {
    let seen: AbortSignal | null = null;
    const { step } = setup([], {
      fetchNotebooks: (_params, _progress, signal) =>
        new Promise(resolve => {
          seen = signal;
          signal.addEventListener('abort', () =>
            resolve({ state: 'cancelled' })
          );
        })
    });
    const fetching = step.fetch(JOB);
    expect(step.phase).toBe('fetching');
    step.cancel();
    expect(await fetching).toBe('cancelled');
    expect(seen!.aborted).toBe(true);
    step.dispose();
  });
});
