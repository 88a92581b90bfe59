import { nullTranslator } from '@jupyterlab/translation';

import {
  durationText,
  jobEndMessage,
  KNOWN_STAGES,
  stageLabel
} from '../jobText';
import { sageMakerServiceModel } from './botocoreModel';
import { finishedPilot } from './fixtures';

const trans = nullTranslator.load('jupyterlab_autopilot');

const job = {
  ...finishedPilot('churn-pilot'),
  explorationNotebook: 's3://b/out/e.ipynb'
};

describe('the job texts', () => {
  const model = sageMakerServiceModel();
  (model ? it : it.skip)('name every secondary status botocore knows', () => {
    const statuses: string[] = model.shapes.AutoMLJobSecondaryStatus.enum;
    expect([...KNOWN_STAGES].sort()).toEqual([...statuses].sort());
    expect(stageLabel('AnalyzingData', trans)).toBe('Analyzing the data');
    expect(stageLabel('SomethingNew', trans)).toBe('SomethingNew');
  });

  it('say how long a stage took', () => {
    expect(durationText(42_400, trans)).toBe('42 s');
    expect(durationText(185_000, trans)).toBe('3 min 5 s');
    expect(durationText(3_720_000, trans)).toBe('1 h 2 min');
  });

  it('end a pilot with the next step: fetch', () => {
    expect(jobEndMessage(job, trans)).toEqual({
      type: 'success',
      message:
        'Job churn-pilot made its notebooks. Next: fetch them into the workspace.',
      next: 'fetch-notebooks'
    });
  });

  it("end a failed job with AWS's own reason", () => {
    expect(
      jobEndMessage(
        {
          ...job,
          status: 'Failed',
          secondaryStatus: 'Failed',
          candidateNotebook: null,
          failureReason: 'ClientError: The target has one value.'
        },
        trans
      )
    ).toEqual({
      type: 'error',
      message:
        'Job churn-pilot failed: ClientError: The target has one value. Fix what it says, then create a new job.',
      next: 'create-job'
    });
  });

  it('say when a completed job made no notebook, and when a stopped one did', () => {
    expect(
      jobEndMessage({ ...job, candidateNotebook: null }, trans)
    ).toMatchObject({
      type: 'warning',
      next: 'create-job'
    });
    expect(
      jobEndMessage(
        { ...job, status: 'Stopped', secondaryStatus: 'Stopped' },
        trans
      )
    ).toMatchObject({
      type: 'warning',
      next: 'fetch-notebooks'
    });
    expect(
      jobEndMessage(
        {
          ...job,
          status: 'Completed',
          secondaryStatus: 'Completed',
          bestCandidate: 'best-1'
        },
        trans
      ).message
    ).toBe(
      'Job churn-pilot completed; its best candidate is best-1. Next: fetch its notebooks.'
    );
  });
});
