import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

/** Selectors of the trim UI, in one place. */
export enum TrimSelector {
  ToolbarButton = '.jp-NotebookPanel-toolbar [data-command="autopilot:trim-notebook"]',
  Dialog = '.jp-Dialog.jp-autopilot-TrimDialog',
  DialogContent = '.jp-autopilot-TrimDialog .jp-Dialog-content',
  Accept = '.jp-autopilot-TrimDialog .jp-Dialog-button.jp-mod-accept',
  Cancel = '.jp-autopilot-TrimDialog .jp-Dialog-button.jp-mod-reject',
  KeptRows = '.jp-autopilot-TrimPreview-candidates tr.jp-mod-kept',
  RemovedRows = '.jp-autopilot-TrimPreview-candidates tr.jp-mod-removed',
  Edits = '.jp-autopilot-TrimPreview-edits li',
  Toast = '.Toastify__toast'
}

/** Actions on the trim UI for the tests. */
export class TrimHelper {
  constructor(private readonly page: IJupyterLabPageFixture) {}

  /**
   * Opens a notebook and declines the kernel picker that JupyterLab shows for
   * notebooks whose kernel is not installed: trimming needs no kernel.
   */
  async open(path: string): Promise<void> {
    const name = path.slice(path.lastIndexOf('/') + 1);
    await this.page.notebook.openByPath(path);
    await this.declineKernelPicker();
    // Not page.notebook.activate: it waits for a kernel session, and trimming needs none.
    await this.page.activity.activateTab(name);
    await this.page.evaluate(async () => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      await panel.context.ready;
    });
  }

  /**
   * JupyterLab asks for a kernel when it opens a notebook whose kernel is not
   * installed; trimming needs none, so the tests decline.
   */
  async declineKernelPicker(): Promise<void> {
    const kernelPicker = this.page.locator('.jp-Dialog', {
      hasText: 'Select Kernel'
    });
    const shown = await kernelPicker
      .waitFor({ state: 'visible', timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (shown) {
      await kernelPicker.locator('.jp-mod-reject').click();
      await kernelPicker.waitFor({ state: 'detached' });
    }
  }

  get dialog(): Locator {
    return this.page.locator(TrimSelector.Dialog);
  }

  async keptCandidates(): Promise<string[]> {
    return this.page
      .locator(TrimSelector.KeptRows)
      .evaluateAll(rows => rows.map(r => r.getAttribute('data-candidate')!));
  }

  async removedCount(): Promise<number> {
    return this.page.locator(TrimSelector.RemovedRows).count();
  }

  async edits(): Promise<string[]> {
    return this.page.locator(TrimSelector.Edits).allTextContents();
  }

  async cellSources(): Promise<string[]> {
    return this.page.evaluate(() => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      return panel.content.model.sharedModel.cells.map(
        (c: any) => `${c.cell_type}:${c.source}`
      );
    });
  }

  async execute(command: string, args: Record<string, unknown> = {}) {
    return this.page.evaluate(
      ({ command, args }) =>
        (window as any).jupyterapp.commands.execute(command, args),
      { command, args }
    );
  }

  async isDirty(): Promise<boolean> {
    return this.page.evaluate(
      () => (window as any).jupyterapp.shell.currentWidget.context.model.dirty
    );
  }

  /** The raw bytes of a file, through the Contents API. */
  async readText(path: string): Promise<string> {
    const response = await this.page.request.get(
      `/api/contents/${encodeURI(path)}?type=file&format=text&content=1`
    );
    return (await response.json()).content;
  }

  async exists(path: string): Promise<boolean> {
    const response = await this.page.request.get(
      `/api/contents/${encodeURI(path)}?content=0`
    );
    return response.ok();
  }
}
