import { LabIcon } from '@jupyterlab/ui-components';
import autopilotSvg from '../style/icons/autopilot.svg';
import trimSvg from '../style/icons/trim.svg';

/** A list cut down to its best lines: the trim commands' icon. */
export const trimIcon = new LabIcon({
  name: 'jupyterlab-autopilot:trim',
  svgstr: trimSvg
});

/** A path through the workflow's steps: the Autopilot sidebar's icon. */
export const autopilotIcon = new LabIcon({
  name: 'jupyterlab-autopilot:autopilot',
  svgstr: autopilotSvg
});
