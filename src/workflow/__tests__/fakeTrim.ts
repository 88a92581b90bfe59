import type { ITrimCommandResult } from '../../notebook/commandContext';
import { planReport, trimNotebookText } from '../../trim';

/**
 * trim-to-copy as the command does it, minus JupyterLab: the same core
 * (`trimNotebookText`) on the file's text, and the report of its plan.
 */
export function fakeTrimToCopy(
  text: string,
  calls: Array<Record<string, unknown>> = []
): (args: Record<string, unknown>) => Promise<ITrimCommandResult> {
  return async args => {
    calls.push(args);
    const result = trimNotebookText(text, {
      maxJobs: args.maxJobs as number | undefined,
      maxParallelJobs: args.maxParallelJobs as number | undefined,
      parallelJobs: args.parallelJobs as number | undefined
    });
    if (result.plan.kind !== 'trim') {
      return {
        status: 'refused',
        path: String(args.path),
        reason: result.plan.reason
      };
    }
    return {
      status: 'copied',
      path: String(args.path).replace(/\.ipynb$/, '-trimmed.ipynb'),
      report: planReport(result.plan)
    };
  };
}
