import { nullTranslator } from '@jupyterlab/translation';

import { proposeParallelism, readInstanceUse } from '../quotaGuidance';
import { trimCandidates, trimToCopyArgs } from '../trimCandidates';
import { fakeTrimToCopy } from './fakeTrim';
import { C24IO, corpusDescribe, corpusText } from './fixtures';

const trans = nullTranslator.load('jupyterlab_autopilot');

corpusDescribe(
  'trimming the fetched candidate notebook with the quota proposal',
  () => {
    const text = corpusText(C24IO);
    const cells = JSON.parse(text).cells;
    const quotas = [
      {
        code: 'L-1',
        name: 'ml.m5.4xlarge for training job usage',
        value: 2,
        unit: null,
        adjustable: true,
        applied: false
      },
      {
        code: 'L-2',
        name: 'ml.m5.4xlarge for transform job usage',
        value: 1,
        unit: null,
        adjustable: true,
        applied: false
      }
    ];
    const proposal = proposeParallelism(
      readInstanceUse(cells)!,
      quotas,
      { region: 'us-east-1' },
      trans
    );

    it('passes the proposal to trim-to-copy and reports the kept candidates and values', async () => {
      const calls: Array<Record<string, unknown>> = [];
      const result = await trimCandidates(
        fakeTrimToCopy(text, calls),
        'job/candidate.ipynb',
        proposal
      );
      expect(calls).toEqual([
        {
          path: 'job/candidate.ipynb',
          confirm: false,
          maxParallelJobs: 2,
          parallelJobs: 1
        }
      ]);
      expect(result).toMatchObject({
        status: 'copied',
        path: 'job/candidate-trimmed.ipynb',
        kept: ['dpp0-xgboost', 'dpp2-linear-learner'],
        // max_jobs from the trim's default (250 → 8); the notebook had 2 and 2 already.
        values: { maxJobs: 8, maxParallelJobs: 2, parallelJobs: 1 }
      });
      if (result.status === 'copied') {
        expect(result.quotaMessages).toEqual(proposal.messages);
      }
    });

    it("lets the user's values win, and keeps the parallelism within max_jobs", async () => {
      expect(trimToCopyArgs('p', proposal, { maxJobs: 1 })).toEqual({
        path: 'p',
        confirm: false,
        maxJobs: 1,
        maxParallelJobs: 1,
        parallelJobs: 1
      });
      expect(
        trimToCopyArgs('p', proposal, {
          maxParallelJobs: 3,
          parallelJobs: 2,
          confirm: true
        })
      ).toEqual({
        path: 'p',
        confirm: true,
        maxParallelJobs: 3,
        parallelJobs: 2
      });
      expect(trimToCopyArgs('p', null)).toEqual({ path: 'p', confirm: false });
    });

    it('passes a refusal on as it is', async () => {
      const result = await trimCandidates(
        async () => ({ status: 'refused', path: 'p', reason: 'ensembling' }),
        'p',
        proposal
      );
      expect(result).toEqual({
        status: 'refused',
        path: 'p',
        reason: 'ensembling'
      });
    });
  }
);
