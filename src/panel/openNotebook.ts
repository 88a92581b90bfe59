import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Widget } from '@lumino/widgets';

/**
 * Opens a workspace notebook without starting its kernel. The generated
 * notebooks' code creates billable AWS resources when run, and reading or
 * trimming them needs no kernel: the user picks one when they mean to run it.
 */
export async function openWithoutKernel(
  app: JupyterFrontEnd,
  path: string
): Promise<void> {
  const widget = (await app.commands.execute('docmanager:open', {
    path
  })) as Widget | undefined;
  holdKernel(widget);
}

/**
 * The same for a notebook another command opened just now (the trim's copy):
 * its session starts once the file is read, so there is still time.
 */
export function holdKernelOf(app: JupyterFrontEnd, path: string): void {
  for (const widget of app.shell.widgets('main')) {
    if ((widget as any).context?.path === path) {
      holdKernel(widget);
    }
  }
}

function holdKernel(widget: Widget | undefined): void {
  const session = (widget as { sessionContext?: ISessionContext } | undefined)
    ?.sessionContext;
  if (session && !session.session) {
    session.kernelPreference = {
      ...session.kernelPreference,
      shouldStart: false,
      autoStartDefault: false
    };
  }
}
