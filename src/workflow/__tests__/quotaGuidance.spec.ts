import * as fs from 'fs';

import { nullTranslator } from '@jupyterlab/translation';

import type { IQuota } from '../../aws/serviceQuotas';
import {
  proposeParallelism,
  quotaRequestUrl,
  readInstanceUse
} from '../quotaGuidance';
import {
  C24IO,
  CORPUS,
  corpusCells as cells,
  corpusDescribe
} from './fixtures';

const trans = nullTranslator.load('jupyterlab_autopilot');
const ERIONIS =
  'Erionis__Text_classifier_AutoML__SageMakerAutopilotCandidateDefinitionNotebook.ipynb';
const MADS508 =
  'MADS508__labs__03_automl__notebooks__SageMakerAutopilotCandidateDefinitionNotebook.ipynb';
const ENSEMBLING =
  'JitterKiller__SmartWatts__SageMakerAutopilotCandidateDefinitionNotebook.ipynb';

let codes = 0;
function quota(name: string, value: number, applied = false): IQuota {
  return {
    code: `L-${String(++codes).padStart(8, '0')}`,
    name,
    value,
    unit: null,
    adjustable: true,
    applied
  };
}

/** A new account's quotas, as the issue describes them: a few instances. */
const NEW_ACCOUNT: IQuota[] = [
  quota('ml.m5.4xlarge for training job usage', 2),
  quota('ml.m5.12xlarge for training job usage', 1),
  quota('ml.m5.xlarge for training job usage', 0),
  quota('ml.m5.4xlarge for transform job usage', 1),
  quota('ml.m5.xlarge for transform job usage', 2),
  quota('Number of instances across all training jobs', 4),
  quota('ml.m5.large for endpoint usage', 4)
];

corpusDescribe('reading the instances a trimmed notebook uses', () => {
  it('reads the kept candidates of a notebook of 10 (xgboost and linear-learner)', () => {
    const use = readInstanceUse(cells(C24IO))!;
    expect(use.candidates).toEqual(['dpp0-xgboost', 'dpp2-linear-learner']);
    expect(use.transformerTraining).toEqual([
      {
        instanceType: 'ml.m5.4xlarge',
        instanceCount: 1,
        candidates: ['dpp0-xgboost', 'dpp2-linear-learner']
      }
    ]);
    expect(use.transformerTransform.map(u => u.instanceType)).toEqual([
      'ml.m5.4xlarge'
    ]);
    expect(use.algorithmTraining.map(u => u.instanceType)).toEqual([
      'ml.m5.4xlarge'
    ]);
    expect(use).toMatchObject({
      parallelJobs: 2,
      maxParallelJobs: 2,
      maxJobs: 250
    });
  });

  it('tells transformer, transform and algorithm instances apart', () => {
    const use = readInstanceUse(cells(ERIONIS))!;
    expect(use.candidates).toEqual(['dpp0-xgboost']);
    expect(use.transformerTraining.map(u => u.instanceType)).toEqual([
      'ml.m5.12xlarge'
    ]);
    expect(use.transformerTransform.map(u => u.instanceType)).toEqual([
      'ml.m5.4xlarge'
    ]);
    expect(use.algorithmTraining.map(u => u.instanceType)).toEqual([
      'ml.m5.12xlarge'
    ]);
    expect(use.parallelJobs).toBe(7);
  });

  it('follows the trim options: only the listed algorithms count', () => {
    const use = readInstanceUse(cells(C24IO), {
      algorithms: ['linear-learner']
    })!;
    expect(use.candidates).toEqual(['dpp2-linear-learner']);
  });

  it('says null for a notebook with no candidates to trim', () => {
    expect(readInstanceUse(cells(ENSEMBLING))).toBeNull();
  });

  it('reads every real candidate notebook of the corpus without failing', () => {
    let read = 0;
    for (const file of fs
      .readdirSync(CORPUS)
      .filter(f => f.endsWith('.ipynb'))) {
      const use = readInstanceUse(cells(file));
      if (use) {
        read++;
        expect(use.candidates.length).toBeGreaterThan(0);
        expect(use.algorithmTraining.length).toBeGreaterThan(0);
        for (const u of [
          ...use.transformerTraining,
          ...use.algorithmTraining
        ]) {
          expect(u.instanceType).toMatch(/^ml\.[a-z0-9]+\.[a-z0-9]+$/);
          expect(u.instanceCount).toBeGreaterThanOrEqual(1);
        }
      }
    }
    expect(read).toBeGreaterThan(40);
  });
});

corpusDescribe('proposing parallelism', () => {
  it('fits a new account: 2 tuning jobs on ml.m5.4xlarge, 1 transformer at a time', () => {
    const proposal = proposeParallelism(
      readInstanceUse(cells(C24IO))!,
      NEW_ACCOUNT,
      { region: 'us-east-1' },
      trans
    );
    expect(proposal.quotasRead).toBe(true);
    expect(proposal.maxParallelJobs).toBe(2);
    // Two transformers to fit, but only one ml.m5.4xlarge for transform jobs.
    expect(proposal.parallelJobs).toBe(1);
    expect(proposal.limitedBy.maxParallelJobs?.quotaName).toBe(
      'ml.m5.4xlarge for training job usage'
    );
    expect(proposal.limitedBy.parallelJobs?.quotaName).toBe(
      'ml.m5.4xlarge for transform job usage'
    );
    expect(proposal.blocked).toEqual([]);
    expect(proposal.messages[0]).toBe(
      `max_parallel_jobs=2: the quota “ml.m5.4xlarge for training job usage” is 2 and each job uses 1, so at most 2 run at once. To run more, request an increase: https://us-east-1.console.aws.amazon.com/servicequotas/home/services/sagemaker/quotas/${proposal.limitedBy.maxParallelJobs?.quotaCode}`
    );
  });

  it('on a large instance type, the all-instances quota and the type quota both count', () => {
    const proposal = proposeParallelism(
      readInstanceUse(cells(ERIONIS))!,
      NEW_ACCOUNT,
      { region: 'eu-west-1' },
      trans
    );
    expect(proposal.maxParallelJobs).toBe(1);
    expect(proposal.limitedBy.maxParallelJobs?.quotaName).toBe(
      'ml.m5.12xlarge for training job usage'
    );
    expect(proposal.parallelJobs).toBe(1);
    expect(proposal.limitedBy.parallelJobs).toBeNull(); // one candidate: one transformer anyway
  });

  it('says when a quota of 0 blocks the notebook, with the link to raise it', () => {
    const proposal = proposeParallelism(
      readInstanceUse(cells(MADS508))!,
      NEW_ACCOUNT,
      { region: 'us-east-1' },
      trans
    );
    expect(proposal.blocked.map(b => b.quotaName)).toEqual([
      'ml.m5.xlarge for training job usage'
    ]);
    expect(proposal.messages.join(' ')).toContain(
      'The quota “ml.m5.xlarge for training job usage” is 0, so jobs on ml.m5.xlarge cannot start at all'
    );
  });

  it('keeps the trim defaults where the quotas allow more', () => {
    const generous = NEW_ACCOUNT.map(q => ({ ...q, value: 50 }));
    const proposal = proposeParallelism(
      readInstanceUse(cells(C24IO))!,
      generous,
      { region: 'us-east-1' },
      trans
    );
    expect(proposal).toMatchObject({
      maxParallelJobs: 4,
      parallelJobs: 2,
      blocked: []
    });
    expect(proposal.limitedBy).toEqual({
      maxParallelJobs: null,
      parallelJobs: null
    });
    expect(proposal.messages).toEqual([
      'max_parallel_jobs=4 fits the account’s quotas.',
      'parallel_jobs=2 fits the account’s quotas.'
    ]);
  });

  it('never proposes more parallel tuning jobs than max_jobs', () => {
    const generous = NEW_ACCOUNT.map(q => ({ ...q, value: 50 }));
    const proposal = proposeParallelism(
      readInstanceUse(cells(C24IO))!,
      generous,
      { region: 'us-east-1', maxJobs: 3, maxParallelJobs: 10 },
      trans
    );
    expect(proposal.maxParallelJobs).toBe(3);
  });

  it('keeps the defaults, and says so, when quotas cannot be read', () => {
    const proposal = proposeParallelism(
      readInstanceUse(cells(C24IO))!,
      null,
      {
        region: 'us-east-1',
        quotaError: 'no permission for servicequotas:ListServiceQuotas'
      },
      trans
    );
    expect(proposal).toMatchObject({
      quotasRead: false,
      maxParallelJobs: 4,
      parallelJobs: 2
    });
    expect(proposal.messages).toEqual([
      'The account’s SageMaker quotas could not be read (no permission for servicequotas:ListServiceQuotas), so the values stay at their defaults: max_parallel_jobs=4, parallel_jobs=2.'
    ]);
  });
});

describe('quotaRequestUrl', () => {
  it('links the quota in its region’s console', () => {
    expect(quotaRequestUrl('us-west-2', 'L-2E3B2D6A')).toBe(
      'https://us-west-2.console.aws.amazon.com/servicequotas/home/services/sagemaker/quotas/L-2E3B2D6A'
    );
    expect(quotaRequestUrl('cn-north-1', 'L-1')).toBe(
      'https://cn-north-1.console.amazonaws.cn/servicequotas/home/services/sagemaker/quotas/L-1'
    );
  });
});
