import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECT } from './helpers/corpus';
import { IN_KOREAN, ko } from './helpers/korean';
import { PanelHelper, PanelSelector } from './helpers/PanelHelper';

/** The real dataset: 3,333 rows, CRLF line endings. */
const CHURN = path.join(PROJECT, '../shared/data/churn.txt');
const BUCKET = 'sagemaker-us-east-1-123456789012';
const TAG_KEY = 'jupyterlab-autopilot:workflow';

test.skip(
  !fs.existsSync(CHURN),
  'needs ../shared/data/churn.txt beside the project'
);

// Tall enough for the whole dataset section in the screenshots.
test.use({ autoGoto: true, viewport: { width: 1280, height: 1600 } });

/** The lines of a CSV object, without the empty one after the last LF. */
function lines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

test.describe('the Autopilot panel', () => {
  test('opens from its icon and takes churn.txt to train and validation data in S3', async ({
    page,
    tmpPath
  }, testInfo) => {
    const panel = new PanelHelper(page);
    const remote = `${tmpPath}/churn.txt`;
    await page.contents.uploadFile(CHURN, remote);

    // Start-up fetched none of the panel's code; the first open does.
    const panelChunks: string[] = [];
    page.on('request', r => {
      if (/autopilot-panel/.test(r.url())) {
        panelChunks.push(r.url());
      }
    });
    const icon = page.locator(PanelSelector.Icon);
    await expect(icon).toHaveAttribute('title', 'Autopilot');
    await panel.openFromIcon();
    expect(panelChunks.length).toBeGreaterThan(0);
    await expect(page.locator(PanelSelector.Panel)).toHaveAttribute(
      'aria-label',
      'Autopilot section'
    );
    expect(await panel.statuses()).toEqual({
      dataset: 'not-started',
      job: 'not-started',
      notebooks: 'not-started',
      tuning: 'not-started',
      deployment: 'not-started',
      cleanup: 'not-started'
    });
    await expect(page.locator(PanelSelector.Header)).toContainText(
      'Local sandbox (simulated, nothing is billed)'
    );
    // Later steps say when they come; they offer nothing to click.
    await expect(page.locator('#jp-autopilot-section-job')).toBeHidden();
    await expect(page.locator('#jp-autopilot-section-job button')).toHaveCount(
      0
    );

    await panel.select(PanelSelector.FileSelect, remote);
    await panel.click(PanelSelector.UseDataset);
    await expect(page.locator(PanelSelector.ProfileSummary)).toContainText(
      '3,333 rows, 21 columns'
    );
    // The suggested target comes first in the table and is chosen already.
    await expect(
      page.locator(PanelSelector.ProfileRows).first()
    ).toHaveAttribute('data-column', 'Churn?');
    await expect(page.locator(PanelSelector.TargetSelect)).toHaveValue(
      'Churn?'
    );
    await expect(page.locator(PanelSelector.Balance)).toContainText('False.');
    await expect(page.locator(PanelSelector.Balance)).toContainText('2,850');

    await panel.click(PanelSelector.Split);
    await expect(page.locator(PanelSelector.SplitResult)).toContainText(
      '2666 train rows, 667 validation rows'
    );
    await expect(page.locator(PanelSelector.Bucket)).toHaveValue(BUCKET);
    const prefix = await page.locator(PanelSelector.Prefix).inputValue();
    expect(prefix).toMatch(/^autopilot\/churn-[a-z0-9]{12}$/);
    const workflowId = prefix.slice(prefix.lastIndexOf('-') + 1);
    await expect(page.locator(PanelSelector.Workflow)).toContainText(
      workflowId
    );

    await panel.widen(200);
    await testInfo.attach('panel-split-light.png', {
      body: await page.locator(PanelSelector.Panel).screenshot(),
      contentType: 'image/png'
    });
    await panel.click(PanelSelector.Upload);
    const uris = page.locator(PanelSelector.Uri);
    await expect(uris).toHaveCount(2);
    const [train, validation] = await uris.allTextContents();
    expect(train).toBe(`s3://${BUCKET}/${prefix}/train/churn-train.csv`);
    expect(validation).toBe(
      `s3://${BUCKET}/${prefix}/validation/churn-validation.csv`
    );
    await expect(page.locator(PanelSelector.Dataset)).toHaveAttribute(
      'data-status',
      'done'
    );
    await expect(
      page.locator(PanelSelector.Toast, { hasText: 'Uploaded to' })
    ).toBeVisible();

    // The objects in the sandbox's S3, read back through the real proxy.
    const header = fs
      .readFileSync(CHURN, 'utf-8')
      .split(/\r?\n/)[0]
      .replace(/^\ufeff/, '');
    const trainText = await panel.s3Text(train);
    const validationText = await panel.s3Text(validation);
    expect(trainText).not.toContain('\r');
    expect(lines(trainText)[0]).toBe(header);
    expect(lines(validationText)[0]).toBe(header);
    expect(lines(trainText)).toHaveLength(1 + 2666);
    expect(lines(validationText)).toHaveLength(1 + 667);
    expect(await panel.s3Tags(train)).toEqual({ [TAG_KEY]: workflowId });
    expect(await panel.s3Tags(validation)).toEqual({ [TAG_KEY]: workflowId });

    // From opening the panel to uploaded data, with the defaults.
    console.log(
      `clicks from opening the panel to uploaded data: ${panel.clicks}`
    );
    await testInfo.attach('clicks.json', {
      body: JSON.stringify({ clicks: panel.clicks }),
      contentType: 'application/json'
    });
    expect(panel.clicks).toBeLessThanOrEqual(5);

    await testInfo.attach('panel-light.png', {
      body: await page.locator(PanelSelector.Panel).screenshot(),
      contentType: 'image/png'
    });
    if (process.env.AUTOPILOT_SAVE_DOCS_SCREENSHOT) {
      await page
        .locator(PanelSelector.Panel)
        .screenshot({ path: path.join(PROJECT, 'docs/panel.png') });
    }
    await page.theme.setDarkTheme();
    await testInfo.attach('panel-dark.png', {
      body: await page.locator(PanelSelector.Panel).screenshot(),
      contentType: 'image/png'
    });
    await page.theme.setLightTheme();

    // Uploading again never replaces the objects without asking.
    void panel.execute('autopilot:upload-dataset', {});
    const dialog = page.locator('.jp-Dialog', {
      hasText: 'Replace the objects in S3?'
    });
    await expect(dialog).toBeVisible();
    await dialog.locator('.jp-mod-reject').click();
    await expect(
      page.locator(PanelSelector.Toast, { hasText: 'were kept' })
    ).toBeVisible();
    expect(lines(await panel.s3Text(train))).toHaveLength(1 + 2666);
  });

  test('commands drive the whole step without the panel opened by a click', async ({
    page,
    tmpPath
  }) => {
    const panel = new PanelHelper(page);
    const remote = `${tmpPath}/churn.txt`;
    await page.contents.uploadFile(CHURN, remote);

    // In the palette and the View menu too.
    await page.menu.open('View');
    await expect(
      page.locator('.lm-Menu-itemLabel', {
        hasText: 'Open the Autopilot Panel'
      })
    ).toBeVisible();
    await page.menu.closeAll();

    const refused = await panel.execute('autopilot:split-dataset', {
      target: 'Churn?'
    });
    expect(refused).toMatchObject({ status: 'refused', code: 'no-dataset' });

    const profiled = await panel.execute('autopilot:use-dataset', {
      path: remote
    });
    expect(profiled).toMatchObject({
      status: 'profiled',
      path: remote,
      rows: 3333
    });
    expect(profiled.columns).toHaveLength(21);
    expect(profiled.columns.find((c: any) => c.name === 'Churn?')).toEqual({
      name: 'Churn?',
      type: 'categorical',
      missing: 0,
      distinct: 2
    });
    expect(profiled.suggestedTargets[0]).toMatchObject({
      name: 'Churn?',
      problemType: 'BinaryClassification'
    });

    expect(
      await panel.execute('autopilot:split-dataset', { target: 'Nope' })
    ).toMatchObject({ status: 'refused', code: 'target-not-found' });
    expect(
      await panel.execute('autopilot:split-dataset', {
        target: 'Churn?',
        stratify: true
      })
    ).toEqual({
      status: 'split',
      train: { rows: 2666 },
      validation: { rows: 667 }
    });
    const prefix = `ui-tests/${Date.now()}`;
    const uploaded = await panel.execute('autopilot:upload-dataset', {
      prefix
    });
    expect(uploaded).toEqual({
      status: 'uploaded',
      train: `s3://${BUCKET}/${prefix}/train/churn-train.csv`,
      validation: `s3://${BUCKET}/${prefix}/validation/churn-validation.csv`
    });
    // Replacing is asked for by the argument: no dialog.
    expect(
      await panel.execute('autopilot:upload-dataset', {
        prefix,
        overwrite: true
      })
    ).toMatchObject({ status: 'uploaded' });
  });

  test("the file browser's context menu uses a CSV file as the dataset", async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadFile(CHURN, `${tmpPath}/churn.txt`);
    await page.filebrowser.openDirectory(tmpPath);
    await page
      .locator('.jp-DirListing-item[data-file-type="text"]', {
        hasText: 'churn.txt'
      })
      .click({ button: 'right' });
    await page
      .locator('.lm-Menu-item', { hasText: 'Use as Autopilot Dataset' })
      .click();
    await expect(page.locator(PanelSelector.ProfileSummary)).toContainText(
      '3,333 rows'
    );
    await expect(page.locator(PanelSelector.FileSelect)).toHaveValue(
      `${tmpPath}/churn.txt`
    );
  });

  test('a bad file is explained with its line', async ({ page, tmpPath }) => {
    const panel = new PanelHelper(page);
    const bad = path.join(os.tmpdir(), `bad-${Date.now()}.csv`);
    fs.writeFileSync(bad, 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
    await page.contents.uploadFile(bad, `${tmpPath}/bad.csv`);
    fs.rmSync(bad);
    const result = await panel.execute('autopilot:use-dataset', {
      path: `${tmpPath}/bad.csv`
    });
    expect(result).toMatchObject({
      status: 'failed',
      code: 'malformed-row',
      line: 3
    });
    expect(result.reason).toMatch(/^Line 3: .*\(2 \/ 3\)/);
    await panel.execute('autopilot:open-panel');
    await expect(page.locator(PanelSelector.Error)).toHaveText(result.reason);
    await expect(page.locator(PanelSelector.Dataset)).toHaveAttribute(
      'data-status',
      'failed'
    );
  });

  test('a reload during the upload finds the task again', async ({
    page,
    tmpPath
  }) => {
    const panel = new PanelHelper(page);
    // churn.txt 150 times over (about 42 MB): an upload that takes a while.
    const big = path.join(os.tmpdir(), `churn-big-${Date.now()}.csv`);
    const [header, ...rows] = fs
      .readFileSync(CHURN, 'utf-8')
      .split('\r\n')
      .filter(Boolean);
    const body = rows.join('\n') + '\n';
    fs.writeFileSync(big, header + '\n');
    for (let i = 0; i < 150; i++) {
      fs.appendFileSync(big, body);
    }
    await page.contents.uploadFile(big, `${tmpPath}/big.csv`);
    fs.rmSync(big);
    await panel.execute('autopilot:open-panel');
    expect(
      await panel.execute('autopilot:use-dataset', {
        path: `${tmpPath}/big.csv`
      })
    ).toMatchObject({ status: 'profiled', rows: 3333 * 150 });
    expect(
      await panel.execute('autopilot:split-dataset', { target: 'Churn?' })
    ).toMatchObject({ status: 'split' });

    const uploadStarted = () =>
      page.waitForResponse(
        r =>
          r.url().includes('/autopilot/tasks') &&
          r.request().method() === 'POST' &&
          (r.request().postData() ?? '').includes('"upload"')
      );

    // Cancelled as soon as it starts: the server aborts it and leaves no object.
    let started = uploadStarted();
    const cancelled = panel.execute('autopilot:upload-dataset', {});
    const first = await (await started).json();
    await panel.click(PanelSelector.Cancel);
    expect(await cancelled).toMatchObject({ status: 'cancelled' });
    await expect(
      page.locator(PanelSelector.Toast, { hasText: 'Cancelled' })
    ).toBeVisible();
    const firstEnd = await (
      await page.request.get(`/autopilot/tasks/${first.id}`)
    ).json();
    expect(firstEnd.state).toBe('cancelled');
    const key = `s3://${BUCKET}/${first.params.prefix}/train/big-train.csv`;
    expect(await panel.s3Exists(key)).toBe(false);
    await expect(page.locator(PanelSelector.UploadResult)).toHaveCount(0);

    started = uploadStarted();
    // The page goes away under the command: its promise never settles here.
    panel.execute('autopilot:upload-dataset', {}).catch(() => undefined);
    const task = await (await started).json();
    await page.reload();
    // Attached, maybe collapsed: once the upload is over the panel moves on to the job.
    await page.locator(PanelSelector.Dataset).waitFor({ state: 'attached' });

    // Either still running (the panel follows it) or ended (the panel shows its result).
    const progressShown = await page
      .locator(PanelSelector.Progress)
      .isVisible();
    console.log(
      `after the reload the upload was ${progressShown ? 'still running: resumed' : 'over: reported'}`
    );
    await expect(page.locator(PanelSelector.UploadResult)).toBeAttached({
      timeout: 60000
    });
    const [train] = await page.locator(PanelSelector.Uri).allTextContents();
    expect(train).toContain(`/${task.params.prefix}/train/big-train.csv`);
    expect(await panel.s3Exists(train)).toBe(true);
    const ended = await page.request.get(`/autopilot/tasks/${task.id}`);
    expect((await ended.json()).state).toBe('succeeded');
  });
});

test.describe('the Autopilot panel in Korean', () => {
  test.use(IN_KOREAN);

  test('its sections and dataset step are in Korean', async ({
    page,
    tmpPath
  }, testInfo) => {
    const panel = new PanelHelper(page);
    await page.contents.uploadFile(CHURN, `${tmpPath}/churn.txt`);
    await panel.execute('autopilot:open-panel');
    await panel.execute('autopilot:use-dataset', {
      path: `${tmpPath}/churn.txt`
    });
    await panel.widen(200);
    await expect(page.locator(PanelSelector.SectionTitle).first()).toHaveText(
      `${ko('Dataset')} · ${ko('working')}`
    );
    await expect(page.locator(PanelSelector.Split)).toHaveText(ko('Split'));
    await expect(page.locator(PanelSelector.Panel)).toHaveAttribute(
      'aria-label',
      ko('Autopilot section')
    );
    await expect(page.locator(PanelSelector.ProfileSummary)).toHaveText(
      ko(
        '%1: %2 rows, %3 columns, %4.',
        `${tmpPath}/churn.txt`,
        '3,333',
        21,
        '438 kB'
      )
    );
    await testInfo.attach('panel-korean.png', {
      body: await page.locator(PanelSelector.Panel).screenshot(),
      contentType: 'image/png'
    });
  });
});
