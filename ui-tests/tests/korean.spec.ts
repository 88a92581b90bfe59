import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import { CORPUS, PROJECT, hasCorpus, manifestEntry } from './helpers/corpus';
import { IN_KOREAN, ko, koN } from './helpers/korean';
import { TrimHelper, TrimSelector } from './helpers/TrimHelper';

const BANKING =
  'C24IO__Integrations__autopilot__SageMakerAutopilotCandidateDefinitionNotebook.ipynb';

/** JupyterLab's own menu bar in Korean (from jupyterlab-language-pack-ko-KR). */
const KOREAN_MENUS = ['파일', '편집', '보기', '실행', '커널', '설정', '도움말'];
const KOREAN_SELECT_KERNEL = '커널 선택';

test.skip(!hasCorpus, 'needs ../shared/corpus beside the project');

test.use({ autoGoto: true, ...IN_KOREAN });

test('with Korean (ko_KR) chosen, JupyterLab and the trim UI are in Korean', async ({
  page,
  tmpPath
}, testInfo) => {
  // JupyterLab's own UI first: if this fails, the language pack is not served.
  const menus = page.locator('#jp-menu-panel .lm-MenuBar-itemLabel');
  await expect(menus.first()).toHaveText(KOREAN_MENUS[0]);
  expect(await menus.allTextContents()).toEqual(
    expect.arrayContaining(KOREAN_MENUS)
  );

  // Galata's file browser helpers (and so TrimHelper.open) find items by their
  // English accessible names, so open the notebook by command instead.
  const entry = manifestEntry(BANKING);
  const remote = `${tmpPath}/banking.ipynb`;
  await page.contents.uploadFile(
    path.join(CORPUS, 'candidate', BANKING),
    remote
  );
  const trim = new TrimHelper(page);
  await trim.execute('docmanager:open', { path: remote });
  // The notebook's kernel is not installed and trimming needs none: decline
  // JupyterLab's kernel picker, whose title is JupyterLab's own Korean.
  const kernelPicker = page.locator('.jp-Dialog', {
    has: page.locator('.jp-Dialog-body select')
  });
  const picked = await kernelPicker
    .waitFor({ state: 'visible', timeout: 10000 })
    .then(() => true)
    .catch(() => false);
  if (picked) {
    await expect(kernelPicker.locator('.jp-Dialog-header')).toHaveText(
      KOREAN_SELECT_KERNEL
    );
    await kernelPicker.locator('.jp-mod-reject').click();
    await kernelPicker.waitFor({ state: 'detached' });
  }
  await page.evaluate(async () => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    await panel.context.ready;
  });
  const original = await trim.cellSources();
  expect(original).toHaveLength(entry.n_cells);

  const button = page.locator(TrimSelector.ToolbarButton);
  // An icon button: its tooltip is the command's caption, its aria-label Korean too.
  await expect(button).toHaveAttribute(
    'title',
    ko(
      'Keep the lowest-numbered candidate of each algorithm and set max_jobs and max_parallel_jobs. One undo restores the notebook.'
    )
  );
  await expect(button).toHaveAttribute('aria-label', /[가-힣]/);
  await expect(button).not.toHaveAttribute('aria-disabled', 'true');
  await button.click();

  const kept = entry.expected_kept.length;
  const removed = entry.candidates.length - kept;
  await expect(trim.dialog).toBeVisible();
  await expect(trim.dialog.locator('.jp-Dialog-header')).toHaveText(
    ko('Trim %1', 'banking.ipynb')
  );
  await expect(
    trim.dialog.locator('.jp-autopilot-TrimPreview-summary')
  ).toHaveText(
    koN(
      'Keeps %1 candidate and removes %2 (%3 cells).',
      kept,
      removed,
      2 * removed
    )
  );
  await expect(
    trim.dialog.locator('.jp-autopilot-TrimPreview-candidates th')
  ).toHaveText([ko('Candidate'), ko('Algorithm'), ko('Action')]);
  await expect(
    page.locator(`${TrimSelector.KeptRows} td:nth-child(3)`)
  ).toHaveText(Array(kept).fill(ko('Keep')));
  await expect(
    page.locator(`${TrimSelector.RemovedRows} td:nth-child(3)`)
  ).toHaveText(Array(removed).fill(ko('Remove')));
  await expect(trim.dialog.locator('legend')).toHaveText(
    ko('Values for this run')
  );
  // The edit lines are formatted through the catalog, with code names kept.
  expect(await trim.edits()).toEqual(
    expect.arrayContaining([
      ko('%1: %2 %3 → %4', 'HyperparameterTuner.create', 'max_jobs', 250, 8),
      ko(
        '%1: %2 %3 → %4',
        'HyperparameterTuner.create',
        'max_parallel_jobs',
        2,
        4
      )
    ])
  );
  const accept = page.locator(TrimSelector.Accept);
  const cancel = page.locator(TrimSelector.Cancel);
  await expect(accept).toHaveText(ko('Trim'));
  await expect(accept).toHaveAccessibleName(
    ko('Trim the notebook as previewed')
  );
  await expect(cancel).toHaveText(ko('Cancel'));
  await expect(cancel).toHaveAccessibleName(ko('Cancel trimming'));
  await testInfo.attach('trim-dialog-korean.png', {
    body: await page
      .locator('.jp-autopilot-TrimDialog .jp-Dialog-content')
      .screenshot(),
    contentType: 'image/png'
  });

  await cancel.click();
  await expect(trim.dialog).toHaveCount(0);
  expect(await trim.cellSources()).toEqual(original);

  // The command palette lists the command under its Korean label (the category,
  // Autopilot, is a product name and stays as it is).
  await trim.execute('apputils:activate-command-palette');
  const search = page.locator('#command-palette .lm-CommandPalette-input');
  await search.fill(ko('Trim Autopilot Notebook…'));
  const item = page.locator(
    '#command-palette .lm-CommandPalette-item[data-command="autopilot:trim-notebook"]'
  );
  await expect(item.locator('.lm-CommandPalette-itemLabel')).toHaveText(
    ko('Trim Autopilot Notebook…')
  );
  await expect(
    page.locator('#command-palette .lm-CommandPalette-header').first()
  ).toHaveText(ko('Autopilot'));
  expect(
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.label('autopilot:trim-notebook')
    )
  ).toBe(ko('Trim Autopilot Notebook…'));
  await page.keyboard.press('Escape');
});

/** The Korean of a settings-schema string, looked up under the context the server uses. */
function koSchema(context: 'schema' | 'settings', msgid: string): string {
  return ko(`${context}\u0004${msgid}`);
}

test('with Korean (ko_KR) chosen, Settings → Autopilot is in Korean', async ({
  page
}, testInfo) => {
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('settingeditor:open', {
      query: 'Autopilot'
    })
  );
  const entry = page.locator(
    '.jp-PluginList-entry[data-id="jupyterlab-autopilot:plugin"]'
  );
  await entry.click();
  const schema = JSON.parse(
    fs.readFileSync(path.join(PROJECT, 'schema/plugin.json'), 'utf-8')
  );
  const form = page.locator('.jp-SettingsPanel', {
    hasText: koSchema('schema', schema.description)
  });
  await expect(form).toBeVisible();
  for (const property of Object.values(schema.properties) as {
    title: string;
    description: string;
  }[]) {
    // Array and boolean fields lay their labels out differently: read the text.
    await expect(form).toContainText(koSchema('schema', property.title));
    await expect(form).toContainText(koSchema('schema', property.description));
  }
  // A translated title that differs from English proves the server translated it.
  expect(koSchema('schema', schema.properties.algorithms.title)).not.toBe(
    schema.properties.algorithms.title
  );
  await testInfo.attach('settings-autopilot-korean.png', {
    body: await form.screenshot(),
    contentType: 'image/png'
  });
});
