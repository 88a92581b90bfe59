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
import { LaterSectionWidget } from './sections/laterSection';
import { NotebooksSectionWidget } from './sections/notebooksSection';
import type { IJobSteps } from './jobSteps';

export interface IPanelViewsOptions {
  panel: SidePanel;
  workflow: WorkflowModel;
  context: IAutopilotContextModel;
  trans: TranslationBundle;
  contents: Pick<Contents.IManager, 'get'>;
  execute: (id: string, args?: Record<string, unknown>) => Promise<unknown>;
  settings: () => IPanelSettings;
  steps: IJobSteps;
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
            : step === 'deployment'
              ? new DeploymentSectionWidget({
                  deploySteps: options.deploySteps,
                  trans,
                  execute: options.execute
                })
              : step === 'cleanup'
                ? new CleanupSectionWidget({
                    deploySteps: options.deploySteps,
                    trans,
                    execute: options.execute
                  })
                : new LaterSectionWidget(...laterTexts(trans, step));
    widget.id = `jp-autopilot-section-${step}`;
    widget.node.setAttribute('role', 'region');
    widget.node.setAttribute('aria-label', names[step]);
    widget.node.dataset.step = step;
    sections.set(step, widget);
    panel.addWidget(widget);
  }
  const accordion = panel.content as AccordionPanel;
  let current: StepId | null = null;
  const openOnly = (open: StepId) =>
    STEP_IDS.forEach((step, index) =>
      step === open ? accordion.expand(index) : accordion.collapse(index)
    );
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
      current = next;
      openOnly(next);
    }
  };
  workflow.changed.connect(update);
  update();
  // A clean-up asked for (the reminder's action, a command) shows its section.
  const cleanup = options.deploySteps.cleanup;
  cleanup.changed.connect(() => {
    if (cleanup.phase === 'planning') {
      openOnly('cleanup');
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

function laterTexts(trans: TranslationBundle, step: StepId): [string, string] {
  const notYet = (after: string) =>
    trans.__(
      'Comes after the %1 step; not available in this version yet.',
      after
    );
  switch (step) {
    case 'job':
      return [
        trans.__(
          'Starts a pilot Autopilot job on the uploaded data and follows it.'
        ),
        notYet(trans.__('Dataset'))
      ];
    case 'notebooks':
      return [
        trans.__(
          'Opens the generated notebooks and trims the candidate notebook.'
        ),
        notYet(trans.__('Job'))
      ];
    default:
      return [
        trans.__('Follows the tuning jobs and compares the candidates.'),
        notYet(trans.__('Notebooks'))
      ];
  }
}
