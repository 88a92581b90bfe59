import { nullTranslator } from '@jupyterlab/translation';

import {
  defaultJobFormValues,
  estimateCompleteCost,
  IJobFormContext,
  JobForm,
  numberedJobName,
  suggestJobName,
  toCreateRequest,
  validateJobForm
} from '../jobForm';
import { DEFAULT_METRIC, OBJECTIVE_METRICS } from '../objectiveMetrics';
import { sageMakerServiceModel } from './botocoreModel';

const trans = nullTranslator.load('jupyterlab_autopilot');

// churn.txt's header.
const HEADER = [
  'State',
  'Account Length',
  'Area Code',
  'Phone',
  "Int'l Plan",
  'VMail Plan',
  'VMail Message',
  'Day Mins',
  'Day Calls',
  'Day Charge',
  'Eve Mins',
  'Eve Calls',
  'Eve Charge',
  'Night Mins',
  'Night Calls',
  'Night Charge',
  'Intl Mins',
  'Intl Calls',
  'Intl Charge',
  'CustServ Calls',
  'Churn?'
];

const CONTEXT: IJobFormContext = {
  header: HEADER,
  trainUri:
    's3://sagemaker-us-east-1-123456789012/autopilot/ab12cd34ef56-churn/train/churn-train.csv',
  validationUri:
    's3://sagemaker-us-east-1-123456789012/autopilot/ab12cd34ef56-churn/validation/churn-validation.csv',
  bucket: 'sagemaker-us-east-1-123456789012',
  prefix: 'autopilot/ab12cd34ef56-churn',
  executionRoleArn: 'arn:aws:iam::123456789012:role/service-role/AutopilotRole',
  datasetName: 'churn',
  workflowId: 'ab12cd34ef56',
  target: 'Churn?',
  problemType: 'BinaryClassification',
  trainBytes: 250_000,
  region: 'us-east-1'
};

function issuesOf(patch: Parameters<JobForm['update']>[0]) {
  return validateJobForm(
    { ...defaultJobFormValues(CONTEXT), ...patch },
    CONTEXT,
    trans
  );
}

describe('the form defaults', () => {
  it('come from the upload, the profile and the context, and pass every rule', () => {
    const values = defaultJobFormValues(CONTEXT);
    expect(values).toMatchObject({
      name: 'churn-ab12cd34ef56',
      trainUri: CONTEXT.trainUri,
      validationUri: CONTEXT.validationUri,
      outputUri:
        's3://sagemaker-us-east-1-123456789012/autopilot/ab12cd34ef56-churn/output',
      target: 'Churn?',
      problemType: 'BinaryClassification',
      metric: 'F1',
      roleArn: CONTEXT.executionRoleArn,
      run: 'pilot',
      trainingMode: 'HYPERPARAMETER_TUNING'
    });
    expect(validateJobForm(values, CONTEXT, trans)).toEqual({});
  });

  it('suggest a valid name of at most 32 characters from any dataset name', () => {
    for (const dataset of [
      'churn',
      'my data (final) v2.csv',
      '---',
      'a'.repeat(60),
      'Ünïcode_only'
    ]) {
      const name = suggestJobName(dataset, 'ab12cd34ef56abcd');
      expect(name.length).toBeLessThanOrEqual(32);
      expect(name).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/);
    }
  });
});

describe('the name', () => {
  it.each([
    ['', 'Enter a name for the job.'],
    ['a'.repeat(33), 'at most 32 characters; this one has 33'],
    ['-churn', 'Use only letters, digits and hyphens'],
    ['churn-', 'Use only letters, digits and hyphens'],
    ['churn_pilot', 'Use only letters, digits and hyphens'],
    ['churn pilot', 'Use only letters, digits and hyphens']
  ])('refuses %j', (name, reason) => {
    expect(issuesOf({ name }).name?.message).toContain(reason);
    expect(issuesOf({ name }).name?.severity).toBe('error');
  });

  it.each(['a', 'churn--pilot', 'A1-b2', 'x'.repeat(32)])(
    'accepts %j',
    name => {
      expect(issuesOf({ name }).name).toBeUndefined();
    }
  );
});

describe('the S3 locations, target, role', () => {
  it('needs S3 URIs for the input and output; validation may be empty', () => {
    expect(issuesOf({ trainUri: '' }).trainUri?.message).toContain(
      'Enter an S3 URI'
    );
    expect(
      issuesOf({ outputUri: 'https://example.com/x' }).outputUri?.message
    ).toContain('is not an S3 URI');
    expect(
      issuesOf({ outputUri: 's3://Bad_Bucket/x' }).outputUri
    ).toBeDefined();
    expect(issuesOf({ validationUri: '' }).validationUri).toBeUndefined();
  });

  it('needs a column of the uploaded header as target, and suggests a near one', () => {
    expect(issuesOf({ target: '' }).target?.message).toBe(
      'Choose the column to predict.'
    );
    expect(issuesOf({ target: 'churn?' }).target?.message).toBe(
      'churn? is not a column of the uploaded file; did you mean Churn?? Column names are compared exactly.'
    );
    expect(issuesOf({ target: 'Label' }).target?.message).toBe(
      'Label is not a column of the uploaded file. Choose one of its 21 columns.'
    );
  });

  it('needs an IAM role ARN', () => {
    expect(issuesOf({ roleArn: '' }).roleArn?.message).toContain(
      'Enter the ARN'
    );
    expect(issuesOf({ roleArn: 'AutopilotRole' }).roleArn?.message).toContain(
      'is not an IAM role ARN'
    );
  });
});

describe('problem type and metric', () => {
  it('refuses a metric not valid for the problem type, listing the valid ones', () => {
    expect(
      issuesOf({ problemType: 'Regression', metric: 'F1' }).metric?.message
    ).toBe(
      'F1 is not a metric for regression. Choose one of: MAE, MSE, R2, RMSE.'
    );
    expect(
      issuesOf({ problemType: 'MulticlassClassification', metric: 'AUC' })
        .metric
    ).toBeDefined();
    expect(
      issuesOf({ problemType: '', metric: 'F1' }).metric?.message
    ).toContain('Choose the problem type first');
    expect(issuesOf({ problemType: '', metric: '' }).metric).toBeUndefined();
  });

  it('accepts every documented metric for its type', () => {
    for (const [problemType, metrics] of Object.entries(OBJECTIVE_METRICS)) {
      for (const metric of metrics) {
        expect(issuesOf({ problemType: problemType as any, metric })).toEqual(
          {}
        );
      }
    }
  });

  it('switches to the default metric when the problem type changes under it', () => {
    const form = new JobForm({
      context: CONTEXT,
      trans,
      jobExists: async () => false
    });
    form.update({ problemType: 'Regression' });
    expect(form.values.metric).toBe('MSE');
    form.update({ problemType: 'MulticlassClassification' });
    expect(form.values.metric).toBe('Accuracy');
    form.update({ metric: 'F1macro' });
    form.update({ problemType: 'MulticlassClassification' });
    expect(form.values.metric).toBe('F1macro');
    form.dispose();
  });

  // One home for the metric table: the service's own documentation, as
  // botocore ships it in the project's virtualenv.
  const serviceModel = sageMakerServiceModel();
  (serviceModel ? it : it.skip)(
    'matches the tabular metrics and defaults in botocore',
    () => {
      const doc: string =
        serviceModel.shapes.AutoMLJobObjective.members.MetricName.documentation
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .replace(/ ([,.])/g, '$1');
      const tabular = doc
        .split('For tabular problem types:')[1]
        .split('For image')[0];
      expect(tabular).toContain(
        `Regression: ${OBJECTIVE_METRICS.Regression.join(', ')}`
      );
      expect(tabular).toContain(
        `Binary classification: ${OBJECTIVE_METRICS.BinaryClassification.join(', ')}`
      );
      expect(tabular).toContain(
        `Multiclass classification: ${OBJECTIVE_METRICS.MulticlassClassification.join(', ')}`
      );
      expect(tabular).toContain(`Regression: ${DEFAULT_METRIC.Regression}.`);
      expect(tabular).toContain(
        `Binary classification: ${DEFAULT_METRIC.BinaryClassification}.`
      );
      expect(tabular).toContain(
        `Multiclass classification: ${DEFAULT_METRIC.MulticlassClassification}.`
      );
    }
  );
});

describe('the mode', () => {
  it('refuses ensembling for a pilot, and AUTO on a dataset under 100 MB', () => {
    expect(
      issuesOf({ trainingMode: 'ENSEMBLING' }).trainingMode?.severity
    ).toBe('error');
    const auto = issuesOf({ trainingMode: 'AUTO' }).trainingMode;
    expect(auto?.severity).toBe('error');
    expect(auto?.message).toContain('ensembling makes no candidate notebook');
  });

  it('explains AUTO when the dataset size is unknown or large', () => {
    const values = {
      ...defaultJobFormValues(CONTEXT),
      trainingMode: 'AUTO' as const
    };
    const big = validateJobForm(
      values,
      { ...CONTEXT, trainBytes: 200 * 1024 * 1024 },
      trans
    );
    expect(big.trainingMode).toEqual({
      severity: 'note',
      message:
        'With AUTO, Autopilot picks ensembling for datasets under 100 MB, and ensembling makes no candidate notebook.'
    });
  });

  it('asks for candidates, a runtime limit and a cost confirmation in complete mode', () => {
    const issues = issuesOf({
      run: 'complete',
      maxCandidates: 0,
      maxRuntimeMinutes: 1.5
    });
    expect(issues.maxCandidates?.message).toContain('from 1 to 750');
    expect(issues.maxRuntimeMinutes).toBeDefined();
    const unconfirmed = issuesOf({
      run: 'complete',
      maxCandidates: 10,
      maxRuntimeMinutes: 60
    });
    expect(unconfirmed.costConfirmed?.severity).toBe('error');
    expect(unconfirmed.costConfirmed?.message).toMatch(
      /trains up to 10 candidates and is billed: roughly \$\d+, at most about \$\d+ if it runs to its 60-minute limit/
    );
    const confirmed = issuesOf({
      run: 'complete',
      maxCandidates: 10,
      maxRuntimeMinutes: 60,
      costConfirmed: true
    });
    expect(confirmed.costConfirmed?.severity).toBe('note');
  });

  it('estimates more for more candidates, never above the runtime bound', () => {
    const small = estimateCompleteCost({
      maxCandidates: 5,
      maxRuntimeMinutes: 240
    });
    const large = estimateCompleteCost({
      maxCandidates: 250,
      maxRuntimeMinutes: 240
    });
    expect(large.likelyUsd).toBeGreaterThan(small.likelyUsd);
    expect(large.likelyUsd).toBeLessThanOrEqual(large.upperUsd);
  });

  it('a changed estimate needs a new confirmation', () => {
    const form = new JobForm({
      context: CONTEXT,
      trans,
      jobExists: async () => false
    });
    form.update({ run: 'complete', costConfirmed: true });
    expect(form.values.costConfirmed).toBe(true);
    form.update({ maxCandidates: 50 });
    expect(form.values.costConfirmed).toBe(false);
    form.dispose();
  });

  it('makes the create request: a pilot carries no completion criteria', () => {
    const tags = { 'jupyterlab-autopilot:workflow': 'ab12cd34ef56' };
    const pilot = toCreateRequest(defaultJobFormValues(CONTEXT), tags);
    expect(pilot).toMatchObject({
      run: 'pilot',
      trainingMode: 'HYPERPARAMETER_TUNING',
      tags
    });
    expect(pilot.maxCandidates).toBeUndefined();
    const complete = toCreateRequest(
      {
        ...defaultJobFormValues(CONTEXT),
        run: 'complete',
        maxRuntimeMinutes: 90
      },
      tags
    );
    expect(complete).toMatchObject({
      maxCandidates: 10,
      maxRuntimeSeconds: 5400
    });
  });
});

describe('the name check against AWS', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('checks once the user stops typing, and only the last name', async () => {
    const asked: string[] = [];
    const form = new JobForm({
      context: CONTEXT,
      trans,
      nameCheckDelay: 400,
      jobExists: async name => {
        asked.push(name);
        return name.toLowerCase() === 'taken-job';
      }
    });
    await jest.advanceTimersByTimeAsync(500);
    expect(asked).toEqual(['churn-ab12cd34ef56']);
    expect(form.nameCheck).toBe('unique');
    for (const partial of ['T', 'Ta', 'Taken', 'Taken-Job']) {
      form.update({ name: partial });
      await jest.advanceTimersByTimeAsync(100);
    }
    expect(form.canSubmit).toBe(true);
    await jest.advanceTimersByTimeAsync(500);
    expect(asked).toEqual(['churn-ab12cd34ef56', 'Taken-Job']);
    expect(form.nameCheck).toBe('taken');
    expect(form.canSubmit).toBe(false);
    expect(form.issues.name?.message).toBe(
      'A job named Taken-Job already exists in this account and region (AWS compares names without regard to case). Choose another name, or attach to that job.'
    );
    form.dispose();
  });

  it('suggests the next free numbered name when its own suggestion is taken, never over a typed one', async () => {
    const taken = new Set(['churn-ab12cd34ef56', 'churn-ab12cd34ef56-2']);
    const asked: string[] = [];
    const form = new JobForm({
      context: CONTEXT,
      trans,
      jobExists: async name => {
        asked.push(name);
        return taken.has(name.toLowerCase());
      }
    });
    await jest.advanceTimersByTimeAsync(500);
    expect(form.values.name).toBe('churn-ab12cd34ef56-3');
    expect(form.nameCheck).toBe('unique');
    expect(form.canSubmit).toBe(true);
    expect(asked).toEqual([
      'churn-ab12cd34ef56',
      'churn-ab12cd34ef56-2',
      'churn-ab12cd34ef56-3'
    ]);
    // A name the user typed is only ever reported taken.
    form.update({ name: 'churn-ab12cd34ef56' });
    await jest.advanceTimersByTimeAsync(500);
    expect(form.values.name).toBe('churn-ab12cd34ef56');
    expect(form.nameCheck).toBe('taken');
    form.dispose();
    expect(numberedJobName('a'.repeat(32), 12)).toBe('a'.repeat(29) + '-12');
  });

  it('does not block when AWS cannot be asked', async () => {
    const form = new JobForm({
      context: CONTEXT,
      trans,
      jobExists: async () => {
        throw new Error('AccessDenied');
      }
    });
    expect(await form.checkName()).toBe('unknown');
    expect(form.canSubmit).toBe(true);
    expect(form.issues.name?.severity).toBe('note');
    form.dispose();
  });

  it('never asks about an invalid name', async () => {
    const jobExists = jest.fn(async () => false);
    const form = new JobForm({ context: CONTEXT, trans, jobExists });
    form.update({ name: 'bad_name' });
    await jest.advanceTimersByTimeAsync(1000);
    expect(jobExists).toHaveBeenCalledTimes(0);
    form.dispose();
  });
});
