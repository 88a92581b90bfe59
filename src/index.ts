import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

/**
 * The extension's main plugin.
 */
const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-autopilot:plugin',
  description: 'Runs Amazon SageMaker Autopilot experiments from JupyterLab.',
  autoStart: true,
  activate: (app: JupyterFrontEnd) => {
    document.body.dataset.jpAutopilot = 'active';
  }
};

export default plugin;
