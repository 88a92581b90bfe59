/**
 * The notebook trimmer: turns a generated Autopilot candidate definition
 * notebook into the small experiment a user wants to run. Knows nothing of
 * JupyterLab; the UI applies the same plan to a live notebook.
 */
export * from './types';
export { planTrim } from './plan';
export { applyPlanToCells } from './apply';
export {
  ALGORITHM_NAME_PATTERN,
  DEFAULT_MAX_JOBS,
  DEFAULT_MAX_PARALLEL_JOBS,
  KNOWN_ALGORITHMS,
  TrimOptionsError,
  checkTrimOptions,
  resolveTrimOptions
} from './options';
export type {
  IResolvedTrimOptions,
  TrimOptionsErrorCode,
  TrimOptionsField
} from './options';
export { NotebookReadError, trimNotebookText } from './notebookText';
export type { ITrimmedNotebookText } from './notebookText';
export { describePlan, planReport } from './report';
export type { ICandidateReport, IEditReport, IPlanReport } from './report';
export { sourceText } from './source';
