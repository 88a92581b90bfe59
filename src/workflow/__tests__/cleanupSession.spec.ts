import { nullTranslator } from '@jupyterlab/translation';

import { CleanupSession } from '../cleanupSession';
import { CleanupStep } from '../cleanupStep';
import { BASE, FakeAccount, IDENTITY, PREFIX, throttling } from './fakeAccount';

const trans = nullTranslator.load('jupyterlab_autopilot');

function session(a: FakeAccount, confirm = async () => true): CleanupSession {
  return new CleanupSession(
    new CleanupStep({
      calls: a,
      s3: null,
      workflow: () => ({
        identity: IDENTITY,
        automlJobName: null,
        region: 'us-east-1'
      }),
      localFiles: async () => [],
      askConfirmation: confirm,
      trans
    })
  );
}

describe('CleanupSession', () => {
  it('keeps the plan, the results, and plans again after a run', async () => {
    const a = new FakeAccount();
    a.addPipelineDeployment(`AutoML-${BASE}`, `${PREFIX}/${BASE}`);
    const s = session(a);
    const phases: string[] = [];
    s.changed.connect(() => phases.push(s.phase));
    expect(s.status).toBe('not-started');
    const plan = await s.plan();
    expect(plan.items.map(i => i.kind)).toEqual([
      'endpoint',
      'endpoint-config',
      'model'
    ]);
    expect(s.items).toHaveLength(3);

    a.failures.push({
      operation: 'DeleteEndpoint',
      error: throttling,
      times: 1
    });
    let confirmed = 0;
    const partial = await s.cleanup({ onConfirmed: () => confirmed++ });
    expect(confirmed).toBe(1);
    expect(partial.status).toBe('partial');
    expect(s.status).toBe('failed');
    // Nothing deleted: the endpoint failed, so its config and model wait.
    expect(s.items).toHaveLength(3);

    const done = await s.cleanup({});
    expect(done.status).toBe('cleaned');
    expect(s.status).toBe('done');
    expect(s.items).toEqual([]);
    expect(phases).toContain('cleaning');
    expect(phases[phases.length - 1]).toBe('ended');
  });

  it('a declined dialog changes nothing and keeps the last results', async () => {
    const a = new FakeAccount();
    a.addPipelineDeployment(`AutoML-${BASE}`, `${PREFIX}/${BASE}`);
    const s = session(a, async () => false);
    await s.plan();
    let confirmed = 0;
    const result = await s.cleanup({ onConfirmed: () => confirmed++ });
    expect(result).toEqual({ status: 'cancelled', items: [] });
    expect(confirmed).toBe(0);
    expect(s.phase).toBe('planned');
    expect(s.results).toBeNull();
    expect(a.log.filter(l => /^Delete/.test(l))).toEqual([]);
  });

  it('a plan AWS refuses is an error the view shows', async () => {
    const a = new FakeAccount();
    a.failures.push({ operation: 'ListModels', error: throttling, times: 1 });
    const s = session(a);
    await expect(s.plan()).rejects.toBeTruthy();
    expect(s.status).toBe('failed');
    expect(s.error).toBeTruthy();
  });
});
