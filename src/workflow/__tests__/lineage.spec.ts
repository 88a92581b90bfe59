import {
  derivesFrom,
  isUnderPrefix,
  qualifyEndpoint,
  qualifyEndpointConfig,
  qualifyJob,
  qualifyModel,
  type IWorkflowIdentity
} from '../lineage';

const BASE = 'automl-ban-notebook-run-23-05-32-11';

const WORKFLOW: IWorkflowIdentity = {
  tag: { key: 'jupyterlab-autopilot:workflow', value: 'wf1abc2def3g' },
  outputPrefix: 's3://bucket/autopilot/wf1abc2def3g/output',
  notebookBaseNames: [BASE]
};

describe('isUnderPrefix', () => {
  it('holds what lies in the folder, with or without a trailing slash', () => {
    const p = 's3://bucket/wf/output';
    expect(isUnderPrefix('s3://bucket/wf/output/job/model.tar.gz', p)).toBe(
      true
    );
    expect(isUnderPrefix('s3://bucket/wf/output/x', `${p}/`)).toBe(true);
    expect(isUnderPrefix(p, p)).toBe(true);
  });

  it('refuses folders whose names merely begin alike, other buckets and bare buckets', () => {
    const p = 's3://bucket/wf/output';
    expect(isUnderPrefix('s3://bucket/wf/output-2/x', p)).toBe(false);
    expect(isUnderPrefix('s3://bucket/wf/outputs/x', p)).toBe(false);
    expect(isUnderPrefix('s3://bucket-2/wf/output/x', p)).toBe(false);
    expect(isUnderPrefix('s3://bucket/x', 's3://bucket')).toBe(false);
    expect(isUnderPrefix('s3://bucket/x', 's3://bucket/')).toBe(false);
    expect(isUnderPrefix('https://bucket/wf/output/x', p)).toBe(false);
  });
});

describe('derivesFrom', () => {
  it('accepts the notebook names: the base, base-suffix and AutoML-base', () => {
    expect(derivesFrom(BASE, BASE)).toBe(true);
    expect(derivesFrom(`${BASE}-tuning`, BASE)).toBe(true);
    expect(derivesFrom(`AutoML-${BASE}`, BASE)).toBe(true);
  });

  it('refuses look-alikes and short bases', () => {
    expect(derivesFrom('automl-ban-notebook-run-23-05-32-12', BASE)).toBe(
      false
    );
    expect(derivesFrom(`${BASE}x`, BASE)).toBe(false);
    expect(derivesFrom(`my-${BASE}`, BASE)).toBe(false);
    expect(derivesFrom(`automl-${BASE}`, BASE)).toBe(false);
    expect(derivesFrom('automl-x', 'automl')).toBe(false);
  });
});

describe('qualify', () => {
  const inside = `${WORKFLOW.outputPrefix}/${BASE}/model.tar.gz`;

  it('a job by tag, by parent, by outputs all inside, or by derived name', () => {
    const job = { name: 'x', outputs: [], parentArn: null, tags: null };
    expect(
      qualifyJob(WORKFLOW, {
        ...job,
        tags: { [WORKFLOW.tag.key]: 'wf1abc2def3g' }
      })
    ).toBe('tag');
    expect(
      qualifyJob(WORKFLOW, { ...job, parentArn: 'arn:h' }, new Set(['arn:h']))
    ).toBe('parent-job');
    expect(qualifyJob(WORKFLOW, { ...job, outputs: [inside] })).toBe(
      'output-prefix'
    );
    expect(qualifyJob(WORKFLOW, { ...job, name: `${BASE}-tuning` })).toBe(
      'derived-name'
    );
  });

  it('never a look-alike job: another workflow, other outputs, a similar name', () => {
    const job = { name: 'x', outputs: [], parentArn: null, tags: null };
    expect(
      qualifyJob(WORKFLOW, { ...job, tags: { [WORKFLOW.tag.key]: 'wf2' } })
    ).toBeNull();
    expect(
      qualifyJob(WORKFLOW, {
        ...job,
        outputs: ['s3://bucket/autopilot/wf1abc2def3g/output-copy/x']
      })
    ).toBeNull();
    expect(
      qualifyJob(WORKFLOW, { ...job, outputs: [inside, 's3://other/x'] })
    ).toBeNull();
    expect(
      qualifyJob(WORKFLOW, {
        ...job,
        name: 'automl-ban-notebook-run-23-05-32-99-tuning'
      })
    ).toBeNull();
    expect(
      qualifyJob(
        WORKFLOW,
        { ...job, parentArn: 'arn:other' },
        new Set(['arn:h'])
      )
    ).toBeNull();
  });

  it('a pipeline model by its containers artifacts, never by a similar one', () => {
    const model = (urls: Array<string | null>, name = 'm') => ({
      name,
      tags: null,
      containers: urls.map(modelDataUrl => ({ modelDataUrl }))
    });
    expect(qualifyModel(WORKFLOW, model([inside, inside, null]))).toBe(
      'model-data'
    );
    expect(
      qualifyModel(WORKFLOW, model([inside, 's3://bucket/else/m']))
    ).toBeNull();
    expect(qualifyModel(WORKFLOW, model([null]))).toBeNull();
    expect(
      qualifyModel(WORKFLOW, model(['s3://bucket/x'], `AutoML-${BASE}`))
    ).toBe('derived-name');
    expect(
      qualifyModel(
        WORKFLOW,
        model(['s3://bucket/x'], 'AutoML-automl-ban-notebook-run-other-uid')
      )
    ).toBeNull();
    const noPrefix = { ...WORKFLOW, outputPrefix: null, notebookBaseNames: [] };
    expect(qualifyModel(noPrefix, model([inside]))).toBeNull();
  });

  it('a config only when every variant serves a workflow model; an endpoint by its config', () => {
    const models = new Set(['m1']);
    expect(
      qualifyEndpointConfig(
        WORKFLOW,
        { variants: [{ modelName: 'm1' }], tags: null },
        models
      )
    ).toBe('model');
    expect(
      qualifyEndpointConfig(
        WORKFLOW,
        { variants: [{ modelName: 'm1' }, { modelName: 'm2' }], tags: null },
        models
      )
    ).toBeNull();
    expect(
      qualifyEndpoint(
        WORKFLOW,
        { configName: 'c1', tags: null },
        new Set(['c1'])
      )
    ).toBe('endpoint-config');
    expect(
      qualifyEndpoint(
        WORKFLOW,
        { configName: 'c1x', tags: null },
        new Set(['c1'])
      )
    ).toBeNull();
  });
});
