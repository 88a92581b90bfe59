import { LabIcon } from '@jupyterlab/ui-components';
import trimSvg from '../style/icons/trim.svg';

/** A list cut down to its best lines: the trim commands' icon. */
export const trimIcon = new LabIcon({
  name: 'jupyterlab-autopilot:trim',
  svgstr: trimSvg
});
