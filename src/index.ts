import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { trimPlugin } from './plugins/trimPlugin';

const plugins: JupyterFrontEndPlugin<any>[] = [trimPlugin];

export default plugins;
