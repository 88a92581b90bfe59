import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import { JobHelper, JobSelector } from './helpers/JobHelper';
import { IN_KOREAN, ko } from './helpers/korean';
import { PanelHelper, PanelSelector } from './helpers/PanelHelper';
import { clearFaults, injectFault, reportedFaults } from './helpers/sandbox';
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

    // Key presses, counted in the page itself: the flow must need none.
    await page.evaluate(() => {
      const w = window as any;
      w.autopilotKeys = 0;
      document.addEventListener('keydown', () => w.autopilotKeys++, true);
    });
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
    const sent = JSON.parse(created[0].body!);
    expect(sent.AutoMLProblemTypeConfig.TabularJobConfig).toMatchObject({
      TargetAttributeName: 'Churn?',
      ProblemType: 'BinaryClassification',
      Mode: 'HYPERPARAMETER_TUNING',
      GenerateCandidateDefinitionsOnly: true
    });
    expect(sent.AutoMLJobObjective).toEqual({ MetricName: 'F1' });
    expect(
      sent.AutoMLJobInputDataConfig.map((c: any) => c.ChannelType)
    ).toEqual(['training', 'validation']);
    expect(sent.Tags).toContainEqual({
      Key: 'jupyterlab-autopilot:workflow',
      // The name ends with the workflow id's first 12 characters.
      Value: expect.stringMatching(
        new RegExp(`^${name.slice('churn-'.length)}`)
      )
    });

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

    const keys: number = await page.evaluate(
      () => (window as any).autopilotKeys
    );
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

    // The command API says where the job is (attaching is tested below).
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

    // ResourceLimitExceeded on create (AWS's own message, the concurrent
    // AutoML jobs quota): the quota's guidance, and a retry.
    await injectFault({
      action: 'CreateAutoMLJobV2',
      error: 'ResourceLimitExceeded',
      count: 1
    });
    const refused = await panel.execute('autopilot:create-job', {
      confirm: false
    });
    expect(refused.status).toBe('failed');
    const limited = job.locator(JobSelector.CreateError);
    await expect(limited).toContainText('A SageMaker service quota is reached');
    await expect(limited).toContainText(
      'The request would exceed the quota "Maximum number of concurrently running AutoML jobs".'
    );
    await expect(limited).toContainText(
      'Wait for a running AutoML job of the account to end, or stop one'
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

    // A proxy failure: the sandbox closes the connection without answering
    // (every attempt: the SDK retries a 502), so the Jupyter server's proxy
    // answers with its own error, and the guidance points at the server's
    // way to AWS, not at the browser's.
    const proxyErrors: number[] = [];
    page.on('response', response => {
      if (
        /\/autopilot\/aws\/sagemaker/.test(response.url()) &&
        response.headers()['x-autopilot-proxy-error'] === '1'
      ) {
        proxyErrors.push(response.status());
      }
    });
    await clearFaults();
    await injectFault({ action: 'CreateAutoMLJobV2', drop: true });
    await job.click(JobSelector.Retry);
    const dropped = job.locator(JobSelector.CreateError);
    await expect(dropped).toContainText(
      "The Jupyter server's AWS proxy could not reach AWS"
    );
    await expect(dropped).toContainText('closed before AWS answered');
    await expect(dropped).toContainText(
      'check the network of the Jupyter server (not of this browser)'
    );
    // The proxy's own words, folded: where it tried, and what broke.
    await dropped.locator('details > summary').click();
    await expect(dropped.locator('details')).toContainText(
      /AWS at 127\.0\.0\.1 closed before AWS answered \(RemoteProtocolError\)/
    );
    const [drop] = await reportedFaults();
    expect(drop.fired).toBeGreaterThan(1); // the SDK's retries met it too
    expect(proxyErrors).toEqual(Array(drop.fired).fill(502));
    await job.screenshot(testInfo, 'fault-proxy-failure.png');
    // The fault gone, Try Again recovers: it creates the job, once.
    await clearFaults();
    const creates = () =>
      job.calls.filter(c => c.action === 'CreateAutoMLJobV2').length;
    const createsBefore = creates();

    // Throttled describes are retried: the timeline goes on.
    await injectFault({
      action: 'DescribeAutoMLJobV2',
      error: 'ThrottlingException',
      count: 3
    });
    await job.click(JobSelector.Retry);
    await job.waitForStage('CandidateDefinitionsGenerated');
    expect(creates() - createsBefore).toBe(1);
  });

  test('a running job stops after a confirmation; then the panel attaches to a V1 job made elsewhere', async ({
    page,
    tmpPath
  }, testInfo) => {
    const panel = new PanelHelper(page);
    const job = new JobHelper(page, panel);
    await datasetByCommands(panel, page, `${tmpPath}/churn.txt`);
    const created = await createCompleteJob(panel);
    await job.click(JobSelector.StopJob);
    const dialog = page.locator(JobSelector.Dialog);
    await expect(dialog).toContainText(`Stop the job ${created.name}?`);
    await job.screenshot(testInfo, 'job-stop-light.png');
    await dialog.locator('.jp-mod-warn').click();
    await expect(job.locator(JobSelector.JobStatus)).toHaveText('Stopped', {
      timeout: 60000
    });
    expect(job.calls.filter(c => c.action === 'StopAutoMLJob')).toHaveLength(1);
    await expect(
      page.locator(PanelSelector.Toast, { hasText: 'was stopped' })
    ).toBeVisible();

    // A V1 job from elsewhere is in the account's recent jobs, with the
    // stopped one; attaching to it watches it, and the panel did not make it.
    const [train] = await page.locator(PanelSelector.Uri).allTextContents();
    const older = `older-v1-${Date.now().toString(36)}`;
    await job.createJobElsewhere(older, train, 'v1');
    await job.click(JobSelector.NewJob);
    // The workflow's first job has the suggested name: the form suggests the next.
    await expect(job.locator(JobSelector.Name)).toHaveValue(
      `${created.name}-2`
    );
    await job.click(JobSelector.AttachList);
    const rows = job.locator(JobSelector.RecentJob);
    await expect(rows.filter({ hasText: older })).toHaveCount(1);
    await expect(rows.filter({ hasText: created.name })).toContainText(
      'Stopped'
    );
    await job.screenshot(testInfo, 'job-attach-light.png');
    await page
      .getByRole('button', { name: `Attach to ${older}`, exact: true })
      .click();
    await expect(job.locator(JobSelector.Timeline)).toContainText(older);
    await job.waitForStage('CandidateDefinitionsGenerated');
    const status = await panel.execute('autopilot:job-status');
    expect(status).toMatchObject({ name: older, jobStatus: 'Completed' });
    expect(job.calls.map(c => c.action)).toContain('DescribeAutoMLJob');
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
    await page.theme.setDarkTheme();
    await job.screenshot(testInfo, 'job-bad-input-dark.png');
    await page.theme.setLightTheme();

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
    // A proxy failure's guidance, in Korean; AWS's way back, then on.
    await injectFault({ action: 'CreateAutoMLJobV2', drop: true });
    await job.click(JobSelector.Create);
    const dropped = job.locator(JobSelector.CreateError);
    await expect(dropped).toContainText(
      ko("The Jupyter server's AWS proxy could not reach AWS")
    );
    await expect(dropped).toContainText(
      ko(
        'The Jupyter server got no answer from AWS: the connection failed, or closed before AWS answered.'
      )
    );
    await job.screenshot(testInfo, 'fault-proxy-failure-korean.png');
    await clearFaults();
    await job.click(JobSelector.Retry);
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
