import { StateDB } from '@jupyterlab/statedb';
import { Signal } from '@lumino/signaling';
import type { IAutopilotContextModel } from '../../tokens';
import { WORKFLOW_STATE_KEY } from '../stateKey';
import { WORKFLOW_ID_PATTERN } from '../tags';
import { POLL_INTERVAL_MS } from '../taskRunner';
import { settle } from './fakeClock';
import { WorkflowModel } from '../workflowModel';
import {
  CHURN_PROFILE,
  CHURN_SPLIT,
  FakeServerApi,
  uploadResult
} from './fakeServerApi';

const context: IAutopilotContextModel = {
  context: null,
  error: null,
  changed: new Signal<any, any>({}),
  refresh: async () => null,
  ensure: async () =>
    ({ defaultBucket: 'sagemaker-us-east-1-123456789012' }) as any
};

/** Waits for the saves queued so far to land in the state database. */
async function flushSaves(): Promise<void> {
  await jest.advanceTimersByTimeAsync(10);
}

describe('WorkflowModel', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('makes its id when the user starts, and keeps its state in IStateDB', async () => {
    const api = new FakeServerApi();
    api.scripts.profile = { result: CHURN_PROFILE };
    api.scripts.split = { result: CHURN_SPLIT };
    const state = new StateDB();
    const workflow = new WorkflowModel({ api, context, state });
    await settle(workflow.restored);
    expect(workflow.id).toBeNull();
    expect(workflow.currentStep()).toBe('dataset');
    expect(workflow.status('job')).toBe('not-started');

    await settle(workflow.dataset.use('churn.txt'));
    expect(workflow.id).toMatch(WORKFLOW_ID_PATTERN);
    await settle(workflow.dataset.split({ target: 'Churn?' }));
    await flushSaves();

    const saved = (await state.fetch(WORKFLOW_STATE_KEY)) as any;
    expect(saved.id).toBe(workflow.id);
    expect(saved.dataset.path).toBe('churn.txt');
    expect(saved.dataset.split.train.rows).toBe(2666);
    expect(saved.dataset.runningTask).toBeNull();

    // A reload: a new model over the same database finds it all again.
    const reloaded = new WorkflowModel({ api, context, state });
    await settle(reloaded.restored);
    expect(reloaded.id).toBe(workflow.id);
    expect(reloaded.dataset.state.split?.validation.rows).toBe(667);
    expect(reloaded.dataset.state.profile?.rows).toBe(3333);
  });

  it('after a reload during a task, follows it again to its end', async () => {
    const api = new FakeServerApi();
    api.scripts.profile = { result: CHURN_PROFILE };
    api.scripts.split = {
      steps: [
        { done: 100, total: 3333 },
        { done: 2000, total: 3333 }
      ],
      result: CHURN_SPLIT
    };
    const state = new StateDB();
    const workflow = new WorkflowModel({ api, context, state });
    await settle(workflow.restored);
    await settle(workflow.dataset.use('churn.txt'));
    // The page goes away while the split runs: its promise is never awaited.
    void workflow.dataset.split({ target: 'Churn?' });
    await flushSaves();
    const saved = (await state.fetch(WORKFLOW_STATE_KEY)) as any;
    expect(saved.dataset.runningTask).toMatchObject({ kind: 'split' });

    const reloaded = new WorkflowModel({ api, context, state });
    const phases: string[] = [];
    reloaded.changed.connect(() => phases.push(reloaded.dataset.phase));
    await settle(reloaded.restored);
    for (let i = 0; i < 10 && !reloaded.dataset.state.split; i++) {
      await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    }
    expect(api.calls).toContain(`GET tasks?workflowId=${workflow.id}`);
    expect(phases).toContain('splitting');
    expect(reloaded.dataset.state.split?.train.rows).toBe(2666);
  });

  it('after a reload that lost the start of a task, takes its end', async () => {
    const api = new FakeServerApi();
    api.scripts.profile = { result: CHURN_PROFILE };
    api.scripts.split = { result: CHURN_SPLIT };
    const state = new StateDB();
    const workflow = new WorkflowModel({ api, context, state });
    await settle(workflow.restored);
    await settle(workflow.dataset.use('churn.txt'));
    await flushSaves();
    const beforeSplit = await state.fetch(WORKFLOW_STATE_KEY);
    await settle(workflow.dataset.split({ target: 'Churn?' }));

    // The page reloads with the state saved before the split started.
    const reloadedDb = new StateDB();
    await reloadedDb.save(WORKFLOW_STATE_KEY, beforeSplit!);
    const reloaded = new WorkflowModel({ api, context, state: reloadedDb });
    await settle(reloaded.restored);
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(reloaded.dataset.state.split?.train.rows).toBe(2666);

    // Once taken, the same end is not taken again over newer work.
    await flushSaves();
    const again = new WorkflowModel({ api, context, state: reloadedDb });
    await settle(again.restored);
    expect(again.dataset.state.lastTaskId).toBe('t2');
    expect(again.dataset.isNewer((await api.listTasks(workflow.id!))[0])).toBe(
      false
    );
  });

  it('after a reload that saved a cancelled upload as running, takes the newer one', async () => {
    const api = new FakeServerApi();
    const bucket = 'sagemaker-us-east-1-123456789012';
    api.buckets.set(bucket, true);
    api.scripts.profile = { result: CHURN_PROFILE };
    api.scripts.split = { result: CHURN_SPLIT };
    api.scripts.upload = [
      { steps: [{ done: 1, total: 10 }], result: uploadResult(bucket, 'a') },
      { result: uploadResult(bucket, 'b') }
    ];
    const state = new StateDB();
    const workflow = new WorkflowModel({ api, context, state });
    await settle(workflow.restored);
    await settle(workflow.dataset.use('churn.txt'));
    await settle(workflow.dataset.split({ target: 'Churn?' }));
    const consent = {
      createBucket: async () => true,
      overwrite: async () => true
    };
    const cancelled = workflow.dataset.upload({}, consent).catch(e => e);
    await flushSaves();
    // What the state database still holds when the page reloads: the first upload running.
    const stale = await state.fetch(WORKFLOW_STATE_KEY);
    expect((stale as any).dataset.runningTask).toMatchObject({
      kind: 'upload'
    });
    workflow.dataset.cancel();
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect((await cancelled).code).toBe('cancelled');
    await settle(workflow.dataset.upload({}, consent));

    const reloadedDb = new StateDB();
    await reloadedDb.save(WORKFLOW_STATE_KEY, stale!);
    const reloaded = new WorkflowModel({ api, context, state: reloadedDb });
    await settle(reloaded.restored);
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(reloaded.dataset.state.upload?.train).toBe(
      uploadResult(bucket, 'b').train
    );
    expect(reloaded.dataset.error).toBeNull();
    expect(reloaded.status('dataset')).toBe('done');
  });

  it('reports a task the server forgot (it restarted) as failed', async () => {
    const state = new StateDB();
    await state.save(WORKFLOW_STATE_KEY, {
      version: 1,
      id: 'abcdefgh1234',
      dataset: {
        path: 'churn.txt',
        profile: CHURN_PROFILE as any,
        split: null,
        upload: null,
        runningTask: { id: 'gone', kind: 'split' },
        lastTaskId: null
      }
    } as any);
    const api = new FakeServerApi();
    const workflow = new WorkflowModel({ api, context, state });
    await settle(workflow.restored);
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(workflow.dataset.error?.code).toBe('task-lost');
    expect(workflow.status('dataset')).toBe('failed');
    expect(workflow.dataset.state.profile?.rows).toBe(3333);
  });

  it('ignores a saved state that is not its own', async () => {
    const state = new StateDB();
    await state.save(WORKFLOW_STATE_KEY, {
      version: 1,
      id: '../../etc'
    } as any);
    const workflow = new WorkflowModel({
      api: new FakeServerApi(),
      context,
      state
    });
    await settle(workflow.restored);
    expect(workflow.id).toBeNull();
  });

  it('starts a new workflow with a new id', async () => {
    const api = new FakeServerApi();
    api.scripts.profile = { result: CHURN_PROFILE };
    const workflow = new WorkflowModel({ api, context, state: new StateDB() });
    await settle(workflow.restored);
    await settle(workflow.dataset.use('churn.txt'));
    const first = workflow.id;
    workflow.startNew();
    expect(workflow.id).toBeNull();
    expect(workflow.dataset.status).toBe('not-started');
    await settle(workflow.dataset.use('churn.txt'));
    expect(workflow.id).not.toBe(first);
  });

  it('a step added with opens: false shows its status but never takes the panel', async () => {
    const api = new FakeServerApi();
    const workflow = new WorkflowModel({ api, context, state: null });
    await settle(workflow.restored);
    const step = (status: 'not-started' | 'done') => ({
      status,
      changed: new Signal<unknown, void>({})
    });
    workflow.addStep('job', step('done'));
    workflow.addStep('notebooks', step('done'));
    workflow.addStep('deployment', step('not-started'), { opens: false });
    workflow.addStep('cleanup', step('not-started'), { opens: false });
    expect(workflow.status('deployment')).toBe('not-started');
    // The dataset is not done: it needs the user.
    expect(workflow.currentStep()).toBe('dataset');
  });
});
