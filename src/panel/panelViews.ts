import type { Contents } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { SidePanel } from '@jupyterlab/ui-components';
import type { AccordionPanel, Widget } from '@lumino/widgets';
import type { IAutopilotContextModel } from '../tokens';
import type { StepStatus } from '../workflow/stepStatus';
import type { StepId, WorkflowModel } from '../workflow/workflowModel';
import { STEP_IDS } from '../workflow/workflowModel';
import { listDatasetFiles } from './datasetFiles';
import type { IPanelSettings } from './panelSettings';
import { ContextHeader } from './contextHeader';
import type { IDeploySteps } from './deploySteps';
import { CleanupSectionWidget } from './sections/cleanupSection';
import { DeploymentSectionWidget } from './sections/deploymentSection';
import { DatasetSectionWidget } from './sections/datasetSection';
import { JobSectionWidget } from './sections/jobSection';
import { NotebooksSectionWidget } from './sections/notebooksSection';
import type { IJobSteps } from './jobSteps';
import { TuningSectionWidget } from './sections/tuningSection';
import type { ITuningSteps } from './tuningSteps';

export interface IPanelViewsOptions {
  panel: SidePanel;
  workflow: WorkflowModel;
  context: IAutopilotContextModel;
  trans: TranslationBundle;
  contents: Pick<Contents.IManager, 'get'>;
  execute: (id: string, args?: Record<string, unknown>) => Promise<unknown>;
  settings: () => IPanelSettings;
  steps: IJobSteps;
  tuning: ITuningSteps;
  deploySteps: IDeploySteps;
}

/**
 * Fills the side panel: a header with the AWS context, then one section per
 * step whose title says its status. The panel opens on the step that needs
 * the user, and follows it as the workflow moves on.
 */
export function buildPanelViews(options: IPanelViewsOptions): void {
  const { panel, workflow, trans } = options;
  panel.header.addWidget(new ContextHeader(options.context, workflow, trans));
  const names = stepNames(trans);
  const sections = new Map<StepId, Widget>();
  for (const step of STEP_IDS) {
    const widget =
      step === 'dataset'
        ? new DatasetSectionWidget({
            step: workflow.dataset,
            context: options.context,
            trans,
            execute: options.execute,
            listFiles: () => listDatasetFiles(options.contents),
            settings: options.settings
          })
        : step === 'job'
          ? new JobSectionWidget({
              steps: options.steps,
              trans,
              execute: options.execute,
              datasetChanged: workflow.changed
            })
          : step === 'notebooks'
            ? new NotebooksSectionWidget({
                steps: options.steps,
                trans,
                execute: options.execute
              })
            : step === 'tuning'
              ? new TuningSectionWidget({
                  tuning: options.tuning,
                  trans,
                  execute: options.execute
                })
              : step === 'deployment'
                ? new DeploymentSectionWidget({
                    deploySteps: options.deploySteps,
                    trans,
                    execute: options.execute
                  })
                : new CleanupSectionWidget({
                    deploySteps: options.deploySteps,
                    trans,
                    execute: options.execute
                  });
    widget.id = `jp-autopilot-section-${step}`;
    widget.addClass('jp-autopilot-Section');
    widget.node.setAttribute('role', 'region');
    widget.node.setAttribute('aria-label', names[step]);
    widget.node.dataset.step = step;
    sections.set(step, widget);
    panel.addWidget(widget);
  }
  const accordion = panel.content as AccordionPanel;
  let current: StepId | null = null;
  const openOnly = (open: StepId[]) => {
    STEP_IDS.forEach((step, index) =>
      open.includes(step) ? accordion.expand(index) : accordion.collapse(index)
    );
    // A section never opened before has no size of its own to return to:
    // the open ones share the height.
    accordion.setRelativeSizes(
      STEP_IDS.map(step => (open.includes(step) ? 1 : 0))
    );
  };
  const update = () => {
    for (const step of STEP_IDS) {
      const widget = sections.get(step)!;
      const status = workflow.status(step);
      widget.title.label = `${names[step]} · ${statusLabel(trans, status)}`;
      widget.title.caption = statusLabel(trans, status);
      widget.title.className = `jp-autopilot-mod-${status}`;
      widget.node.dataset.status = status;
    }
    const next = workflow.currentStep();
    if (next !== current) {
      // The step just finished stays open beside the next one: what it made
      // (the trim report, the quota guidance) is what the user reads next.
      const finished = STEP_IDS[STEP_IDS.indexOf(next) - 1];
      const keep = current === finished ? finished : null;
      current = next;
      openOnly(keep ? [keep, next] : [next]);
    }
  };
  workflow.changed.connect(update);
  update();
  // A clean-up asked for (the reminder's action, a command) shows its section.
  const cleanup = options.deploySteps.cleanup;
  cleanup.changed.connect(() => {
    if (cleanup.phase === 'planning') {
      openOnly(['cleanup']);
    }
  });
}

function stepNames(trans: TranslationBundle): Record<StepId, string> {
  return {
    dataset: trans.__('Dataset'),
    job: trans.__('Job'),
    notebooks: trans.__('Notebooks'),
    tuning: trans.__('Tuning'),
    deployment: trans.__('Deployment'),
    cleanup: trans.__('Clean-up')
  };
}

export function statusLabel(
  trans: TranslationBundle,
  status: StepStatus
): string {
  switch (status) {
    case 'not-started':
      return trans.__('not started');
    case 'working':
      return trans.__('working');
    case 'done':
      return trans.__('done');
    case 'failed':
      return trans.__('failed');
  }
}
