import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { connectionPlugin } from './plugins/connectionPlugin';
import { trimPlugin } from './plugins/trimPlugin';

const plugins: JupyterFrontEndPlugin<any>[] = [trimPlugin, connectionPlugin];

export default plugins;
