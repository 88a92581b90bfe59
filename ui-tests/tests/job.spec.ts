import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import { JobHelper, JobSelector } from './helpers/JobHelper';
import { IN_KOREAN, ko } from './helpers/korean';
import { PanelHelper, PanelSelector } from './helpers/PanelHelper';
import { clearFaults, injectFault } from './helpers/sandbox';
import {
  CHURN,
  createCompleteJob,
  datasetByCommands
} from './helpers/workflow';

test.skip(
  !fs.existsSync(CHURN),
  'needs ../shared/data/churn.txt beside the project'
);

test.use({ autoGoto: true, viewport: { width: 1280, height: 1600 } });

test.afterEach(async () => {
  await clearFaults();
});

test.describe('the Job and Notebooks steps', () => {
  test('from churn.txt to the trimmed notebook on screen, counting clicks, no kernel', async ({
    page,
    tmpPath
  }, testInfo) => {
    const panel = new PanelHelper(page);
    const job = new JobHelper(page, panel);
    const remote = `${tmpPath}/churn.txt`;
    await page.contents.uploadFile(CHURN, remote);
    await panel.widen(200);

    const keys = 0;
    await job.uploadDataset(remote);
    // The panel moves on to the job step, its form filled from step 1.
    await expect(job.locator(JobSelector.Job)).toBeVisible();
    await expect(job.locator(JobSelector.Target)).toHaveValue('Churn?');
    await expect(job.locator(JobSelector.ProblemType)).toHaveValue(
      'BinaryClassification'
    );
    await expect(job.locator(JobSelector.Metric)).toHaveValue('F1');
    const name = await job.locator(JobSelector.Name).inputValue();
    expect(name).toMatch(/^churn-[a-z0-9]{12}$/);
    await expect(job.locator(JobSelector.Create)).toBeEnabled();
    await job.screenshot(testInfo, 'job-form-light.png');

    await job.click(JobSelector.Create);
    await job.waitForStage('CandidateDefinitionsGenerated');
    await expect(job.locator(JobSelector.JobStatus)).toHaveText('Completed');
    await expect(job.locator(JobSelector.Stage).first()).toHaveAttribute(
      'data-stage',
      'Starting'
    );
    await expect(
      page.locator(PanelSelector.Toast, { hasText: 'made its notebooks' })
    ).toBeVisible();
    // The job was created with the workflow's tag and the pilot's settings.
    const created = job.calls.filter(c => c.action === 'CreateAutoMLJobV2');
    expect(created).toHaveLength(1);

    await expect(job.locator(JobSelector.Notebooks)).toBeVisible();
    await job.click(JobSelector.Fetch);
    await expect(job.locator(JobSelector.Fetched)).toContainText(
      `${name}/SageMakerAutopilotCandidateDefinitionNotebook.ipynb`
    );
    await expect(job.locator(JobSelector.CurrentTab)).toContainText(
      'SageMakerAutopilotCandidateDefinitionNotebook.ipynb'
    );
    // The quota guidance comes before the user runs anything.
    await expect(job.locator(JobSelector.Quota)).toBeVisible();
    const guidance = await job.locator(JobSelector.Quota).innerText();
    console.log(`quota guidance on the sandbox:\n${guidance}`);
    await testInfo.attach('quota-guidance.txt', { body: guidance });
    await job.screenshot(testInfo, 'notebooks-fetched-light.png');

    await job.click(JobSelector.Trim);
    await expect(job.locator(JobSelector.TrimReport)).toContainText(
      'Candidates kept:'
    );
    await expect(job.locator(JobSelector.CurrentTab)).toContainText(
      'SageMakerAutopilotCandidateDefinitionNotebook-trimmed.ipynb'
    );
    const report = await job.locator(JobSelector.TrimReport).innerText();
    console.log(`trim report:\n${report}`);
    expect(report).toMatch(/max_parallel_jobs=\d+/);
    await job.screenshot(testInfo, 'notebooks-trimmed-light.png');

    console.log(
      `clicks from opening the panel to the trimmed notebook: ${panel.clicks}, keys: ${keys}`
    );
    await testInfo.attach('clicks.json', {
      body: JSON.stringify({ clicks: panel.clicks, keys })
    });
    expect(panel.clicks).toBeLessThanOrEqual(8);
    expect(keys).toBe(0);

    // Reading, fetching and trimming never started a kernel.
    await page.waitForTimeout(1000);
    expect(await job.kernels()).toEqual([]);

    await page.theme.setDarkTheme();
    await job.screenshot(testInfo, 'notebooks-trimmed-dark.png');
    // The timeline, opened again (after the count).
    await page.locator(PanelSelector.SectionTitle).nth(1).click();
    await job.screenshot(testInfo, 'job-timeline-dark.png');
    await page.theme.setLightTheme();
    await job.screenshot(testInfo, 'job-timeline-light.png');

    // The account's recent jobs list this one, to attach to.
    const status = await panel.execute('autopilot:job-status');
    expect(status).toMatchObject({
      name,
      jobStatus: 'Completed',
      secondaryStatus: 'CandidateDefinitionsGenerated'
    });
  });

  test('a reload while the job runs resumes its timeline', async ({
    page,
    tmpPath
  }) => {
    const panel = new PanelHelper(page);
    const job = new JobHelper(page, panel);
    await datasetByCommands(panel, page, `${tmpPath}/churn.txt`);
    // A complete run lasts long enough on the sandbox to reload during it.
    const created = await createCompleteJob(panel);
    await expect(job.locator(JobSelector.Stage).first()).toBeVisible();
    // JupyterLab writes its state to the workspace within a second.
    await page.waitForTimeout(1500);
    const before = await panel.execute('autopilot:job-status');
    expect(before.jobStatus).toBe('InProgress');
    await page.reload();
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
    await page.locator(PanelSelector.Panel).waitFor({ state: 'attached' });
    await panel.execute('autopilot:open-panel');
    // The stages seen before the reload are still there, and it goes on.
    await expect(job.locator(JobSelector.Stage).first()).toHaveAttribute(
      'data-stage',
      'Starting'
    );
    await expect(job.locator(JobSelector.JobStatus)).toHaveText('Completed', {
      timeout: 90000
    });
    const status = await panel.execute('autopilot:job-status');
    expect(status.name).toBe(created.name);
  });

  test('injected faults give the right guidance', async ({
    page,
    tmpPath
  }, testInfo) => {
    const panel = new PanelHelper(page);
    const job = new JobHelper(page, panel);
    await datasetByCommands(panel, page, `${tmpPath}/churn.txt`);

    // ResourceLimitExceeded on create: the quota's guidance, and a retry.
    await injectFault({
      action: 'CreateAutoMLJobV2',
      error: 'ResourceLimitExceeded',
      message:
        'The account-level service limit for concurrent AutoML jobs is 0',
      count: 1
    });
    const refused = await panel.execute('autopilot:create-job', {
      confirm: false
    });
    expect(refused.status).toBe('failed');
    await expect(job.locator(JobSelector.CreateError)).toContainText(
      'A SageMaker service quota is reached'
    );
    await job.screenshot(testInfo, 'fault-resource-limit.png');

    // An expired AWS session: the credentials' guidance.
    await injectFault({
      action: 'DescribeAutoMLJobV2',
      error: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      count: 1
    });
    await injectFault({
      action: 'DescribeAutoMLJob',
      error: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      count: 1
    });
    await job.click(JobSelector.Retry);
    await expect(job.locator(JobSelector.CreateError)).toContainText('expired');
    await job.screenshot(testInfo, 'fault-expired.png');

    // Throttled describes are retried: the timeline goes on.
    await injectFault({
      action: 'DescribeAutoMLJobV2',
      error: 'ThrottlingException',
      count: 3
    });
    await job.click(JobSelector.Retry);
    await job.waitForStage('CandidateDefinitionsGenerated');
    expect(
      job.calls.filter(c => c.action === 'CreateAutoMLJobV2').length
    ).toBeLessThanOrEqual(2);
  });

  test('bad input is explained beside its field', async ({
    page,
    tmpPath
  }, testInfo) => {
    const panel = new PanelHelper(page);
    const job = new JobHelper(page, panel);
    await datasetByCommands(panel, page, `${tmpPath}/churn.txt`);
    await expect(job.locator(JobSelector.Create)).toBeEnabled();

    const nameError = page.locator(
      `${JobSelector.NameField} ${JobSelector.FieldError}`
    );
    await job.locator(JobSelector.Name).fill('bad_name!');
    await expect(nameError).toContainText('letters, digits and hyphens');
    await expect(job.locator(JobSelector.Create)).toBeDisabled();
    await job.locator(JobSelector.Name).fill('x'.repeat(33));
    await expect(nameError).toContainText('at most 32 characters');

    await job.locator(JobSelector.Target).selectOption('');
    await expect(
      page.locator(`${JobSelector.TargetField} ${JobSelector.FieldError}`)
    ).toBeVisible();

    await job.locator(JobSelector.ProblemType).selectOption('Regression');
    await expect(job.locator(JobSelector.Metric)).toHaveValue('MSE');
    await job.locator(JobSelector.Metric).selectOption('F1');
    await expect(
      page.locator(`${JobSelector.MetricField} ${JobSelector.FieldError}`)
    ).toBeVisible();
    await job.screenshot(testInfo, 'job-bad-input.png');

    // A duplicate name, compared without case as AWS does.
    const [train] = await page.locator(PanelSelector.Uri).allTextContents();
    const taken = `Taken-${Date.now().toString(36)}`;
    await job.createJobElsewhere(taken, train);
    await job.locator(JobSelector.Name).fill(taken.toLowerCase());
    await expect(nameError).toContainText('already exists');
    await expect(job.locator(JobSelector.Create)).toBeDisabled();
    await job.screenshot(testInfo, 'job-duplicate-name.png');
    // The command refuses it too, saying which field.
    const refused = await panel.execute('autopilot:create-job', {
      name: taken.toUpperCase(),
      confirm: false
    });
    expect(refused).toMatchObject({ status: 'refused', field: 'name' });
  });
});

test.describe('the Job and Notebooks steps in Korean', () => {
  test.use(IN_KOREAN);

  test('the form, the timeline and the notebooks in Korean', async ({
    page,
    tmpPath
  }, testInfo) => {
    const panel = new PanelHelper(page);
    const job = new JobHelper(page, panel);
    await datasetByCommands(panel, page, `${tmpPath}/churn.txt`);
    await panel.widen(200);
    await expect(job.locator(JobSelector.Create)).toHaveText(
      ko('Create Pilot Job')
    );
    await job.screenshot(testInfo, 'job-form-korean.png');
    await job.click(JobSelector.Create);
    await job.waitForStage('CandidateDefinitionsGenerated');
    await job.screenshot(testInfo, 'job-timeline-korean.png');
    await job.click(JobSelector.Fetch);
    await expect(job.locator(JobSelector.Quota)).toBeVisible();
    await job.click(JobSelector.Trim);
    await expect(job.locator(JobSelector.TrimReport)).toBeVisible();
    await expect(job.locator(JobSelector.TrimReport)).toContainText(
      ko('Candidates kept: %1', '').trim()
    );
    await job.screenshot(testInfo, 'notebooks-korean.png');
  });
});

test.describe('the job poll at the sandbox speed of AWS', () => {
  // Minutes long, so by hand, against a sandbox at speed 1 started first:
  //   python -m jupyterlab_autopilot.sandbox lab --speed 1 --port 8980 -- \
  //     --config jupyter_server_test_config.py   (with AUTOPILOT_UI_PORT=8880)
  // then, without CI (the running server is reused):
  //   AUTOPILOT_UI_PORT=8880 AUTOPILOT_MEASURE_POLLING=1 jlpm playwright test job.spec.ts -g minute
  test.skip(
    !process.env.AUTOPILOT_MEASURE_POLLING,
    'set AUTOPILOT_MEASURE_POLLING=1 and start the sandbox at --speed 1'
  );

  test('describes the job at most 6 times a minute after the first minute', async ({
    page,
    tmpPath
  }, testInfo) => {
    test.setTimeout(360000);
    const panel = new PanelHelper(page);
    const job = new JobHelper(page, panel);
    await datasetByCommands(panel, page, `${tmpPath}/churn.txt`);
    await createCompleteJob(panel);
    const start = Date.now();
    await page.waitForTimeout(180000);
    const describes = job.calls.filter(
      c => c.action === 'DescribeAutoMLJobV2' && c.at >= start
    );
    const perMinute = [0, 1, 2].map(
      m =>
        describes.filter(
          c => c.at >= start + m * 60000 && c.at < start + (m + 1) * 60000
        ).length
    );
    const status = await panel.execute('autopilot:job-status');
    console.log(
      `describe calls per minute while the job ran: ${perMinute.join(', ')} (job ${status.jobStatus}/${status.secondaryStatus})`
    );
    await testInfo.attach('poll-rate.json', {
      body: JSON.stringify({ perMinute, status })
    });
    expect(perMinute[0]).toBeLessThanOrEqual(13);
    expect(perMinute[1]).toBeLessThanOrEqual(6);
    expect(perMinute[2]).toBeLessThanOrEqual(6);
  });
});
