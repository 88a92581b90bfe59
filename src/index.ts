import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { connectionPlugin } from './plugins/connectionPlugin';
import { panelPlugin } from './plugins/panelPlugin';
import { trimPlugin } from './plugins/trimPlugin';

const plugins: JupyterFrontEndPlugin<any>[] = [
  trimPlugin,
  connectionPlugin,
  panelPlugin
];

export default plugins;
