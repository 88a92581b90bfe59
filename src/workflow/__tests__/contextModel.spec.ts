import { AutopilotContextModel } from '../contextModel';

const CONTEXT = {
  version: '0.1.0',
  region: 'us-east-1',
  account: '123456789012',
  callerArn: null,
  defaultBucket: 'sagemaker-us-east-1-123456789012',
  defaultBucketExists: true,
  executionRoleArn: null,
  executionRoleSource: null,
  sandbox: true,
  credentialsError: null
};

describe('AutopilotContextModel', () => {
  it('fetches once for callers at the same moment, and signals the change', async () => {
    let fetches = 0;
    const model = new AutopilotContextModel(async () => {
      fetches++;
      return CONTEXT;
    });
    const seen: unknown[] = [];
    model.changed.connect((_, context) => seen.push(context));
    const [a, b] = await Promise.all([model.refresh(), model.ensure()]);
    expect(a).toBe(CONTEXT);
    expect(b).toBe(CONTEXT);
    expect(fetches).toBe(1);
    expect(seen).toEqual([CONTEXT]);
    await model.ensure();
    expect(fetches).toBe(1);
    await model.refresh();
    expect(fetches).toBe(2);
  });

  it('keeps the failure and never rejects', async () => {
    const failure = new Error('no server');
    let fail = true;
    const model = new AutopilotContextModel(async () => {
      if (fail) {
        throw failure;
      }
      return CONTEXT;
    });
    expect(await model.refresh()).toBeNull();
    expect(model.error).toBe(failure);
    expect(model.context).toBeNull();
    fail = false;
    expect(await model.ensure()).toBe(CONTEXT);
    expect(model.error).toBeNull();
  });
});
