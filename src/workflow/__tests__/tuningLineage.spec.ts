import * as fs from 'fs';

import type { ITrainingDefinition } from '../../aws/tuning';
import {
  automlOutputPrefix,
  belongsToWorkflow,
  isUnderPrefix,
  lineageFromNotebook,
  TUNING_BASE_NAME_KEPT
} from '../tuningLineage';
import { CORPUS, corpusDescribe, corpusText } from './fixtures';

function notebook(...sources: string[]) {
  return {
    cells: sources.map(source => ({ cell_type: 'code', source }))
  };
}

function definition(output: string, input: string): ITrainingDefinition {
  return {
    name: 'dpp0-xgboost',
    objective: null,
    outputPath: output,
    inputs: [{ channel: 'train', uri: input }],
    tunedHyperParameters: [],
    staticHyperParameters: {}
  };
}

const GENERATED = notebook(
  "LOCAL_AUTOML_JOB_NAME = 'churn-ab12c-notebook-run-{}'.format(uid())\n" +
    'LOCAL_AUTOML_JOB_CONFIG = {\n' +
    "    'local_automl_job_name': LOCAL_AUTOML_JOB_NAME,\n" +
    '}\n' +
    "BASE_AUTOML_JOB_CONFIG = {'automl_output_s3_base_path': 's3://b/wf/output/churn-ab12cd34ef56/'}",
  'base_tuning_job_name = "{}-tuning".format(AUTOML_LOCAL_RUN_CONFIG.local_automl_job_name)\n\n' +
    'tuner = HyperparameterTuner.create(\n    base_tuning_job_name=base_tuning_job_name,\n    max_jobs=8,\n)'
);

describe('lineageFromNotebook', () => {
  it('keeps what the SDK keeps of the base name: its first 20 characters', () => {
    expect(TUNING_BASE_NAME_KEPT).toBe(20);
    expect(lineageFromNotebook(GENERATED)).toEqual({
      namePrefix: 'churn-ab12c-notebook',
      s3Prefix: 's3://b/wf/output/churn-ab12cd34ef56'
    });
  });

  it('reads a literal base name, and only its literal start before a uid()', () => {
    expect(
      lineageFromNotebook(
        notebook("base_tuning_job_name = 'my-tune'"),
        's3://b/o/j'
      )
    ).toEqual({ namePrefix: 'my-tune', s3Prefix: 's3://b/o/j' });
    expect(
      lineageFromNotebook(
        notebook(
          "LOCAL_AUTOML_JOB_NAME = 'ab-{}'.format(uid())",
          'base_tuning_job_name = "{}-tuning".format(LOCAL_AUTOML_JOB_NAME)'
        )
      )
    ).toEqual({ namePrefix: 'ab-', s3Prefix: null });
  });

  it('ignores commented-out lines and notebooks without a base name', () => {
    expect(
      lineageFromNotebook(notebook("# base_tuning_job_name = 'old'"))
    ).toBeNull();
    expect(lineageFromNotebook({ cells: [] })).toBeNull();
    expect(lineageFromNotebook(null)).toBeNull();
  });
});

corpusDescribe('the real candidate notebooks', () => {
  const files = fs.existsSync(CORPUS)
    ? fs.readdirSync(CORPUS).filter(f => f.endsWith('.ipynb'))
    : [];

  it('give a name prefix and an S3 prefix wherever the tuner is named after the local run', () => {
    let read = 0;
    for (const file of files) {
      const text = corpusText(file);
      const lineage = lineageFromNotebook(JSON.parse(text));
      if (
        !/^base_tuning_job_name = /m.test(
          JSON.parse(text)
            .cells.map((c: any) => [].concat(c.source).join(''))
            .join('\n')
        )
      ) {
        continue;
      }
      read++;
      expect(lineage).not.toBeNull();
      // LOCAL_AUTOML_JOB_NAME = '<short>-notebook-run-{}'.format(uid())
      expect(lineage!.namePrefix).toMatch(/^[A-Za-z0-9-]{1,20}$/);
      expect(lineage!.s3Prefix).toMatch(/^s3:\/\/[^/]+\//);
    }
    expect(read).toBeGreaterThanOrEqual(50);
  });
});

describe('belongsToWorkflow', () => {
  const lineage = {
    namePrefix: 'churn-ab12c-notebook',
    s3Prefix: 's3://b/wf/output/churn-ab12cd34ef56'
  };
  const run =
    's3://b/wf/output/churn-ab12cd34ef56/churn-ab12c-notebook-run-01-02-03';

  it("needs the name and every definition under the AutoML job's prefix", () => {
    const job = {
      name: 'churn-ab12c-notebook-251201-2010',
      definitions: [
        definition(
          `${run}/multi-algo-tuning`,
          `${run}/transformed-data/dpp0/train`
        ),
        definition(
          `${run}/multi-algo-tuning`,
          `${run}/transformed-data/dpp1/train`
        )
      ]
    };
    expect(belongsToWorkflow(job, lineage)).toBe(true);
    expect(
      belongsToWorkflow({ ...job, name: 'Churn-AB12C-notebook-x' }, lineage)
    ).toBe(true);
    expect(
      belongsToWorkflow({ ...job, name: 'other-251201-2010' }, lineage)
    ).toBe(false);
    expect(
      belongsToWorkflow(
        {
          ...job,
          definitions: [
            ...job.definitions,
            definition('s3://x/out', 's3://x/in')
          ]
        },
        lineage
      )
    ).toBe(false);
    expect(belongsToWorkflow({ ...job, definitions: [] }, lineage)).toBe(false);
    expect(belongsToWorkflow(job, { ...lineage, s3Prefix: null })).toBe(false);
  });

  it('compares S3 prefixes at key boundaries', () => {
    expect(
      isUnderPrefix('s3://b/wf/output/job/x', 's3://b/wf/output/job/')
    ).toBe(true);
    expect(isUnderPrefix('s3://b/wf/output/job', 's3://b/wf/output/job')).toBe(
      true
    );
    expect(
      isUnderPrefix('s3://b/wf/output/job2/x', 's3://b/wf/output/job')
    ).toBe(false);
    expect(automlOutputPrefix('s3://b/wf/output/', 'job')).toBe(
      's3://b/wf/output/job'
    );
  });
});
