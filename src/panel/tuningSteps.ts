/**
 * The Tuning step made real and joined to the workflow: its AWS calls
 * through the lazily loaded AWS layer, and its lineage read from the
 * trimmed candidate notebook and the AutoML job's output prefix, so the
 * panel finds the workflow's tuning job without the user typing a name.
 */
import type { Contents } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Signal, type ISignal } from '@lumino/signaling';
import type { StepStatus } from '../workflow/stepStatus';
import { awsTuningApi } from '../workflow/tuningApi';
import { TuningData } from '../workflow/tuningData';
import {
  automlOutputPrefix,
  lineageFromNotebook,
  type ITuningLineage
} from '../workflow/tuningLineage';
import { TuningStep } from '../workflow/tuningStep';
import type { WorkflowModel } from '../workflow/workflowModel';
import type { IJobSteps } from './jobSteps';

export interface ITuningSteps {
  readonly tuning: TuningStep;
  /**
   * Reads the lineage from the trimmed notebook and starts looking for the
   * workflow's tuning job; null when there is no trimmed notebook yet or it
   * names no `base_tuning_job_name`.
   */
  findByLineage(): Promise<ITuningLineage | null>;
  /**
   * The watched tuning job's training jobs and trials, made on first use
   * (by the leaderboard or a chart) and kept fresh by the step's polls;
   * null while no job is watched.
   */
  data(): TuningData | null;
}

export interface ITuningStepsOptions {
  workflow: WorkflowModel;
  steps: IJobSteps;
  contents: Pick<Contents.IManager, 'get'>;
  trans: TranslationBundle;
}

export function createTuningSteps(options: ITuningStepsOptions): ITuningSteps {
  const { steps, trans } = options;
  const api = awsTuningApi(steps.clientOptions);
  const tuning = new TuningStep({ api, trans });
  let data: TuningData | null = null;
  const dataFor = (): TuningData | null => {
    const job = tuning.job;
    if (!job) {
      return null;
    }
    if (data?.name !== job.name) {
      data?.dispose();
      data = new TuningData({ api, name: job.name });
      void data.refresh(job).catch(() => undefined);
    }
    return data;
  };
  // No call of its own: each poll's description brings the data up to
  // date. A failed refresh (throttling) is tried again at the next poll.
  tuning.described.connect((_, description) => {
    if (data?.name === description.name) {
      void data.refresh(description).catch(() => undefined);
    }
  });
  options.workflow.addStep('tuning', new TuningStepStatus(tuning));
  const findByLineage = async (): Promise<ITuningLineage | null> => {
    const trimmed = steps.notebooks.trimmed;
    if (trimmed?.status !== 'copied') {
      return null;
    }
    const model = await options.contents.get(trimmed.path, { content: true });
    const job = steps.job.job;
    const prefix = job?.outputUri
      ? automlOutputPrefix(job.outputUri, job.name)
      : null;
    const lineage = lineageFromNotebook(model.content, prefix);
    if (lineage) {
      // The notebook's tuning jobs are made after the AutoML job.
      tuning.find(lineage, job?.creationTime ?? 0);
    }
    return lineage;
  };
  // Once the candidate notebook is trimmed, look for its tuning job.
  const onNotebooks = () => {
    if (
      tuning.phase === 'idle' &&
      steps.notebooks.trimmed?.status === 'copied'
    ) {
      void findByLineage().catch(() => undefined);
    }
  };
  steps.notebooks.changed.connect(onNotebooks);
  onNotebooks();
  return { tuning, findByLineage, data: dataFor };
}

/** The step's phase as the workflow's section status. */
class TuningStepStatus {
  constructor(private readonly _step: TuningStep) {
    _step.changed.connect(() => this._changed.emit(), this);
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get status(): StepStatus {
    const step = this._step;
    switch (step.phase) {
      case 'idle':
        return 'not-started';
      case 'searching':
      case 'watching':
        return 'working';
      case 'ended':
        return step.job?.status === 'Completed' ? 'done' : 'failed';
    }
  }

  private readonly _changed = new Signal<this, void>(this);
}
