import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import {
  CORPUS,
  cliOutput,
  comparable,
  hasCorpus,
  manifestEntry
} from './helpers/corpus';
import { TrimHelper, TrimSelector } from './helpers/TrimHelper';

const BANKING =
  'C24IO__Integrations__autopilot__SageMakerAutopilotCandidateDefinitionNotebook.ipynb';
const ENSEMBLING =
  'JitterKiller__SmartWatts__SageMakerAutopilotCandidateDefinitionNotebook.ipynb';
const EXPLORATION =
  'C24IO__Integrations__autopilot__SageMakerAutopilotDataExplorationNotebook.ipynb';

function withoutKernelMetadata(notebook: any): any {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { kernelspec, language_info, ...metadata } = notebook.metadata;
  return { ...notebook, metadata };
}

test.skip(!hasCorpus, 'needs ../shared/corpus beside the project');

test.use({ autoGoto: true });

test.describe('one-click trimming', () => {
  test('previews the plan, trims in one undoable step, and saves what the CLI writes', async ({
    page,
    tmpPath
  }, testInfo) => {
    const entry = manifestEntry(BANKING);
    const local = path.join(CORPUS, 'candidate', BANKING);
    const remote = `${tmpPath}/banking.ipynb`;
    await page.contents.uploadFile(local, remote);
    const trim = new TrimHelper(page);
    await trim.open(remote);
    const original = await trim.cellSources();
    expect(original).toHaveLength(entry.n_cells);

    const button = page.locator(TrimSelector.ToolbarButton);
    await expect(button).not.toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveAttribute('aria-label', /.+/);
    await button.click();

    await expect(trim.dialog).toBeVisible();
    expect((await trim.keptCandidates()).sort()).toEqual(
      [...entry.expected_kept].sort()
    );
    const removed = entry.candidates.length - entry.expected_kept.length;
    expect(await trim.removedCount()).toBe(removed);
    const edits = await trim.edits();
    expect(edits.join('\n')).toContain('max_jobs 250 → 8');
    expect(edits.join('\n')).toContain('max_parallel_jobs 2 → 4');
    await testInfo.attach('trim-dialog-light.png', {
      body: await page.locator(TrimSelector.DialogContent).screenshot(),
      contentType: 'image/png'
    });

    await page.locator(TrimSelector.Accept).click();
    await expect(trim.dialog).toHaveCount(0);
    await expect(page.locator(TrimSelector.Toast).first()).toContainText(
      'Trimmed banking.ipynb'
    );
    const trimmed = await trim.cellSources();
    expect(trimmed).toHaveLength(entry.n_cells - 2 * removed);
    for (const name of entry.expected_kept) {
      expect(trimmed.some(s => s.includes(`**[${name}]`))).toBe(true);
    }

    // One notebook undo (Z in command mode: Edit → Undo Cell Operation) restores everything.
    await trim.execute('notebook:undo-cell-action');
    await expect.poll(() => trim.cellSources()).toEqual(original);

    // So does the notification's Undo action.
    await trim.execute('autopilot:trim-notebook', { confirm: false });
    expect(await trim.cellSources()).toHaveLength(entry.n_cells - 2 * removed);
    await page
      .locator(TrimSelector.Toast, { hasText: 'Trimmed banking.ipynb' })
      .first() // the newest: JupyterLab stacks notifications newest on top
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect.poll(() => trim.cellSources()).toEqual(original);

    // Trim again without the dialog, save, and compare with the CLI.
    await trim.execute('autopilot:trim-notebook', { confirm: false });
    expect(await trim.cellSources()).toHaveLength(entry.n_cells - 2 * removed);
    await page.notebook.save();
    const saved = JSON.parse(await trim.readText(remote));
    const expected = JSON.parse(cliOutput(local));
    expect(saved.cells.map(comparable)).toEqual(expected.cells.map(comparable));
    // The whole file is the CLI's, but for what JupyterLab itself writes into
    // the notebook's metadata when a kernel starts.
    expect(withoutKernelMetadata(saved)).toEqual(
      withoutKernelMetadata(expected)
    );
  });

  test('trims to a copy from the file browser, never overwriting a file', async ({
    page,
    tmpPath
  }) => {
    const local = path.join(CORPUS, 'candidate', BANKING);
    await page.contents.uploadFile(local, `${tmpPath}/banking.ipynb`);
    // A file already holds the first name: the copy must take the next one.
    await page.contents.uploadFile(local, `${tmpPath}/banking-trimmed.ipynb`);
    const trim = new TrimHelper(page);
    const before = await trim.readText(`${tmpPath}/banking-trimmed.ipynb`);

    await page.filebrowser.openDirectory(tmpPath);
    const item = page.locator(
      '.jp-DirListing-item[title^="Name: banking.ipynb"]'
    );
    await item.click();
    await item.click({ button: 'right' });
    await page
      .locator('.lm-Menu-item', {
        hasText: 'Trim Autopilot Notebook to a Copy…'
      })
      .click();
    await expect(trim.dialog).toBeVisible();
    // The copy opens, and JupyterLab checkpoints it: let that finish before
    // the test's folder is removed.
    const checkpointed = page.waitForResponse(r =>
      r.url().includes('banking-trimmed-1.ipynb/checkpoints')
    );
    await page.locator(TrimSelector.Accept).click();
    await checkpointed;

    await expect
      .poll(() => trim.exists(`${tmpPath}/banking-trimmed-1.ipynb`))
      .toBe(true);
    expect(await trim.readText(`${tmpPath}/banking-trimmed-1.ipynb`)).toBe(
      cliOutput(local)
    );
    expect(await trim.readText(`${tmpPath}/banking-trimmed.ipynb`)).toBe(
      before
    );
    await expect(
      page.locator('.jp-mod-current[role="tab"]', {
        hasText: 'banking-trimmed-1.ipynb'
      })
    ).toBeVisible();
  });

  test('trim-to-copy by its id, from the open notebook, writes the CLI bytes', async ({
    page,
    tmpPath
  }) => {
    const local = path.join(CORPUS, 'candidate', BANKING);
    const remote = `${tmpPath}/banking.ipynb`;
    await page.contents.uploadFile(local, remote);
    const trim = new TrimHelper(page);
    await trim.open(remote);

    const checkpointed = page.waitForResponse(r =>
      r.url().includes('banking-trimmed.ipynb/checkpoints')
    );
    const result = await trim.execute('autopilot:trim-to-copy', {
      confirm: false
    });
    await checkpointed;
    expect(result).toMatchObject({
      status: 'copied',
      path: `${tmpPath}/banking-trimmed.ipynb`
    });
    expect(await trim.readText(result.path)).toBe(cliOutput(local));
    expect(await trim.readText(remote)).toBe(fs.readFileSync(local, 'utf-8'));
  });

  test('a trim that leaves something asked for undone says so, even without the preview', async ({
    page,
    tmpPath
  }) => {
    const local = path.join(CORPUS, 'candidate', BANKING);
    const remote = `${tmpPath}/banking.ipynb`;
    await page.contents.uploadFile(local, remote);
    const trim = new TrimHelper(page);
    // No dppN-mlp candidate in this notebook: nothing can be kept for mlp.
    const args = {
      path: remote,
      confirm: false,
      algorithms: ['xgboost', 'mlp']
    };

    const checkpointed = page.waitForResponse(r =>
      r.url().includes('banking-trimmed.ipynb/checkpoints')
    );
    const copied = await trim.execute('autopilot:trim-to-copy', args);
    await checkpointed;
    expect(copied).toMatchObject({
      status: 'copied',
      warnings: [{ code: 'algorithm-absent', algorithm: 'mlp' }]
    });
    await expect(
      page.locator(TrimSelector.Toast, {
        hasText:
          'In banking-trimmed.ipynb, 1 thing asked for was left unchanged'
      })
    ).toBeVisible();

    const trimmed = await trim.execute('autopilot:trim-notebook', args);
    expect(trimmed).toMatchObject({
      status: 'trimmed',
      warnings: [{ code: 'algorithm-absent', algorithm: 'mlp' }]
    });
    const toast = page.locator(TrimSelector.Toast, {
      hasText: 'In banking.ipynb, 1 thing asked for was left unchanged'
    });
    await expect(toast).toBeVisible();
    // The warning's whole text is one click away.
    await toast.getByRole('button', { name: 'Details' }).click();
    await expect(page.locator('.jp-Dialog-content')).toContainText(
      'The algorithm "mlp" was asked for but has no active candidate in this notebook.'
    );
  });

  test('two trims to a copy at once write two files, neither overwritten', async ({
    page,
    tmpPath
  }) => {
    const local = path.join(CORPUS, 'candidate', BANKING);
    const remote = `${tmpPath}/banking.ipynb`;
    await page.contents.uploadFile(local, remote);
    const trim = new TrimHelper(page);
    const results = await page.evaluate(
      ({ path, runs }) =>
        Promise.all(
          runs.map(maxJobs =>
            (window as any).jupyterapp.commands.execute(
              'autopilot:trim-to-copy',
              { path, confirm: false, maxJobs }
            )
          )
        ),
      { path: remote, runs: [5, 6] }
    );
    expect(results.map(r => r.status)).toEqual(['copied', 'copied']);
    // The copies open (when two open at once, JupyterLab may show only one
    // tab): let it finish opening them, and checkpoint them, before the
    // test's folder is removed.
    await expect
      .poll(() =>
        page.evaluate(
          async paths => {
            let ready = 0;
            for (const widget of (window as any).jupyterapp.shell.widgets(
              'main'
            )) {
              if (paths.includes(widget.context?.path)) {
                await widget.context.ready;
                ready++;
              }
            }
            return ready;
          },
          results.map(r => r.path)
        )
      )
      .toBeGreaterThan(0);
    expect(results.map(r => r.path).sort()).toEqual([
      `${tmpPath}/banking-trimmed-1.ipynb`,
      `${tmpPath}/banking-trimmed.ipynb`
    ]);
    // Each file holds its own run: the CLI's bytes for its max_jobs.
    for (const [index, maxJobs] of [5, 6].entries()) {
      expect(await trim.readText(results[index].path)).toBe(
        cliOutput(local, ['--max-jobs', String(maxJobs)])
      );
    }
    // No temporary file is left beside them.
    const listing = await page.request.get(
      `/api/contents/${encodeURI(tmpPath)}?content=1`
    );
    const names = (await listing.json()).content.map((f: any) => f.name);
    expect(names.sort()).toEqual([
      'banking-trimmed-1.ipynb',
      'banking-trimmed.ipynb',
      'banking.ipynb'
    ]);
  });

  for (const [label, folder, file, reason] of [
    ['an ensembling-mode notebook', 'candidate', ENSEMBLING, /ensembling/],
    [
      'a data-exploration notebook',
      'exploration',
      EXPLORATION,
      /data-exploration/
    ]
  ] as const) {
    test(`says why ${label} cannot be trimmed, and changes nothing`, async ({
      page,
      tmpPath
    }) => {
      const remote = `${tmpPath}/${file}`;
      await page.contents.uploadFile(path.join(CORPUS, folder, file), remote);
      const trim = new TrimHelper(page);
      await trim.open(remote);
      const original = await trim.cellSources();
      const dirtyBefore = await trim.isDirty();

      const button = page.locator(TrimSelector.ToolbarButton);
      await expect(button).toHaveAttribute('aria-disabled', 'true');
      await expect(button).toHaveAttribute('title', reason);

      // The file browser's menu items are disabled too, and say why.
      await page.filebrowser.openDirectory(tmpPath);
      const item = page.locator(`.jp-DirListing-item[title^="Name: ${file}"]`);
      await item.click();
      const copyItem = page.locator('.lm-Menu-item', {
        hasText: 'Trim Autopilot Notebook to a Copy…'
      });
      await expect
        .poll(async () => {
          await item.click({ button: 'right' });
          const text = await copyItem.textContent();
          await page.keyboard.press('Escape');
          return text;
        })
        .toMatch(/\(.+\)/);
      await item.click({ button: 'right' });
      await expect(copyItem).toHaveAttribute('aria-disabled', 'true');
      await page.keyboard.press('Escape');

      const result = await trim.execute('autopilot:trim-notebook');
      expect(result.status).toBe('refused');
      await expect(page.locator(TrimSelector.Toast).first()).toContainText(
        reason
      );
      expect(await trim.cellSources()).toEqual(original);
      expect(await trim.isDirty()).toBe(dirtyBefore);
      await expect(trim.dialog).toHaveCount(0);
    });
  }

  test('the dialog follows the dark theme', async ({
    page,
    tmpPath
  }, testInfo) => {
    await page.theme.setDarkTheme();
    const remote = `${tmpPath}/banking.ipynb`;
    await page.contents.uploadFile(
      path.join(CORPUS, 'candidate', BANKING),
      remote
    );
    await new TrimHelper(page).open(remote);
    await page.locator(TrimSelector.ToolbarButton).click();
    const content = page.locator(TrimSelector.DialogContent);
    await expect(content).toBeVisible();
    // The dialog is painted with the theme's layout colour, opaque: a
    // transparent background (rgba(…, 0)) would show the notebook through it.
    const { background, themeColor } = await content.evaluate(node => {
      const probe = document.createElement('div');
      probe.style.backgroundColor = 'var(--jp-layout-color1)';
      document.body.appendChild(probe);
      const themeColor = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return { background: getComputedStyle(node).backgroundColor, themeColor };
    });
    const rgba = (color: string) => {
      const [r, g, b, a = 1] = color.match(/[\d.]+/g)!.map(Number);
      return { r, g, b, a };
    };
    expect(rgba(background).a).toBe(1);
    expect(background).toBe(themeColor);
    // And that colour is the dark theme's, not a light one left behind.
    const { r, g, b } = rgba(background);
    expect(r + g + b).toBeLessThan(3 * 100);
    await testInfo.attach('trim-dialog-dark.png', {
      body: await content.screenshot(),
      contentType: 'image/png'
    });
    await page.locator(TrimSelector.Cancel).click();
    await page.theme.setLightTheme();
  });
});
