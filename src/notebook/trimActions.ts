/**
 * What a trim runs (the preview dialog, the edit of the open notebook, the
 * copy), in a chunk of its own: the trim commands load it when they first
 * run, so JupyterLab's start-up pays only for their labels and enabled state.
 * The preview's styles come with it.
 */
import '../../style/trim.css';

export { trimInPlace } from './trimInPlace';
export { trimToCopy } from './trimToCopy';
