/**
 * What several workflow specs share: the real candidate notebooks of the
 * shared corpus (specs that need them are skipped when it is absent), and a
 * pilot job that made its notebooks.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { IJobDescription } from '../../aws/autopilot';
import { newJobDescription } from '../jobStep';

export const CORPUS = path.resolve(
  __dirname,
  '../../../../shared/corpus/candidate'
);

/** `describe` when the corpus is there, else `describe.skip`. */
export const corpusDescribe = fs.existsSync(CORPUS) ? describe : describe.skip;

/** A notebook of 10 candidates (xgboost and linear-learner), all on ml.m5.4xlarge. */
export const C24IO =
  'C24IO__Integrations__autopilot__SageMakerAutopilotCandidateDefinitionNotebook.ipynb';

export function corpusText(file: string): string {
  return fs.readFileSync(path.join(CORPUS, file), 'utf8');
}

export function corpusCells(file: string) {
  return JSON.parse(corpusText(file)).cells;
}

/** A pilot job that reached CandidateDefinitionsGenerated. */
export function finishedPilot(name = 'churn-ab12cd34ef56'): IJobDescription {
  return {
    ...newJobDescription(
      {
        name,
        trainUri: 's3://b/t.csv',
        outputUri: 's3://b/out',
        target: 'Churn?',
        roleArn: 'arn:aws:iam::123456789012:role/R',
        run: 'pilot'
      },
      0
    ),
    status: 'Completed',
    secondaryStatus: 'CandidateDefinitionsGenerated',
    candidateNotebook:
      's3://b/out/SageMakerAutopilotCandidateDefinitionNotebook.ipynb',
    explorationNotebook:
      's3://b/out/SageMakerAutopilotDataExplorationNotebook.ipynb'
  };
}
