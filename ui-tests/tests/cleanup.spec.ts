import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import {
  createLookAlikes,
  deployBestCandidate,
  DeploymentHelper,
  DeploySelector,
  exists,
  removeLookAlikes,
  sagemaker,
  waitForEndpoint
} from './helpers/DeploymentHelper';
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

/**
 * A workflow that ran the job step: churn.txt uploaded through the
 * commands, a complete run of two candidates (the sandbox trains them in
 * seconds), followed to its end.
 */
async function workflowWithJob(
  panel: PanelHelper,
  page: any,
  remote: string
): Promise<{ job: string; outputUri: string; roleArn: string }> {
  await datasetByCommands(panel, page, remote);
  const created = await createCompleteJob(panel);
  await expect
    .poll(async () => (await panel.execute('autopilot:job-status')).jobStatus, {
      timeout: 90000,
      intervals: [1000]
    })
    .toBe('Completed');
  const { json } = await sagemaker('DescribeAutoMLJobV2', {
    AutoMLJobName: created.name
  });
  const context = await (await page.request.get('/autopilot/context')).json();
  return {
    job: created.name,
    outputUri: json.OutputDataConfig.S3OutputPath,
    roleArn: context.executionRoleArn
  };
}

/** The S3 objects under `uri`, counted by the server (not the panel). */
async function s3Count(page: any, uri: string): Promise<number> {
  const [bucket, ...rest] = uri.replace('s3://', '').split('/');
  const response = await page.request.get(
    `/autopilot/cleanup/s3?bucket=${bucket}&prefix=${encodeURIComponent(rest.join('/'))}`
  );
  return (await response.json()).count;
}

test.describe('the Deployment and Clean-up steps', () => {
  test('an endpoint deployed from the workflow: listed, tested, reminded of, and cleaned up exactly', async ({
    page,
    tmpPath
  }, testInfo) => {
    const panel = new PanelHelper(page);
    const deploy = new DeploymentHelper(page, panel);
    const { job, outputUri, roleArn } = await workflowWithJob(
      panel,
      page,
      `${tmpPath}/churn.txt`
    );
    const base = `${job}-nb-run-0102`;
    const mine = await deployBestCandidate(job, base, roleArn);
    expect(mine.containers).toBeGreaterThanOrEqual(2);
    const image = (await sagemaker('DescribeModel', { ModelName: mine.model }))
      .json.Containers[0].Image;
    const lookAlikes = await createLookAlikes(job, outputUri, roleArn, image);
    try {
      await waitForEndpoint(mine.endpoint, 'InService');
      await waitForEndpoint(lookAlikes.endpoint, 'InService');

      // The Deployment section: the workflow's endpoint, never the look-alike.
      await deploy.openSection('deployment');
      const endpoint = deploy
        .locator(DeploySelector.Endpoint)
        .filter({ hasText: mine.endpoint });
      await expect(endpoint).toHaveAttribute('data-status', 'InService');
      await expect(endpoint.locator('.jp-autopilot-Cost')).toContainText(
        '$0.115 per hour (estimate'
      );
      await expect(endpoint).toContainText('1 × ml.m5.large');
      await expect(deploy.locator(DeploySelector.Endpoint)).toHaveCount(1);
      const listed = await panel.execute('autopilot:list-endpoints');
      expect(listed).toEqual({
        status: 'listed',
        endpoints: [
          {
            name: mine.endpoint,
            status: 'InService',
            instanceType: 'ml.m5.large',
            count: 1,
            estimatedHourlyUsd: 0.115
          }
        ]
      });

      // A test request of validation row 3, as text/csv.
      await deploy.locator(DeploySelector.RowIndex).fill('3');
      await deploy.locator(DeploySelector.Send).click();
      const prediction = deploy.locator(DeploySelector.Prediction);
      await expect(prediction).toContainText('Prediction:');
      await expect(prediction).toContainText('HTTP 200');
      expect(await prediction.locator('code').innerText()).toMatch(
        /^(True\.|False\.)$/
      );
      const tested = await panel.execute('autopilot:test-endpoint', {
        name: mine.endpoint,
        row: 3
      });
      expect(tested.status).toBe('predicted');
      expect(tested.latencyMs).toBeGreaterThanOrEqual(0);
      const refused = await panel.execute('autopilot:test-endpoint', {
        name: lookAlikes.endpoint,
        row: 3
      });
      expect(refused.status).toBe('failed');
      await panel.widen(200);
      await deploy.screenshotOf(
        testInfo,
        'deployment-light.png',
        PanelSelector.Panel
      );
      await page.theme.setDarkTheme();
      await deploy.screenshotOf(
        testInfo,
        'deployment-dark.png',
        PanelSelector.Panel
      );
      await page.theme.setLightTheme();

      // The reminder, on reload, while the endpoint is InService.
      await page.waitForTimeout(1500); // JupyterLab saves its state within a second
      await page.reload();
      await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
      const reminder = page.locator(PanelSelector.Toast, {
        hasText: 'still has an endpoint in service'
      });
      await expect(reminder).toBeVisible({ timeout: 30000 });
      await expect(reminder).toContainText('$0.115 per hour');
      await reminder.getByText('Open the Clean-up').click();
      // The Deployment title says what the reminder found.
      await expect
        .poll(async () => (await panel.statuses()).deployment)
        .toBe('done');
      await expect(
        deploy.locator(DeploySelector.PlanItem).first()
      ).toBeVisible();

      // The plan: exactly the workflow's resources, the look-alikes never.
      const plan = await panel.execute('autopilot:plan-cleanup');
      const planned = plan.items.map((i: any) => `${i.kind} ${i.name}`);
      expect(planned).toEqual(
        expect.arrayContaining([
          `endpoint ${mine.endpoint}`,
          `endpoint-config ${mine.config}`,
          `model ${mine.model}`
        ])
      );
      expect(planned.filter((p: string) => !p.startsWith('s3-prefix'))).toEqual(
        [
          `endpoint ${mine.endpoint}`,
          `endpoint-config ${mine.config}`,
          `model ${mine.model}`
        ]
      );
      for (const other of Object.values(lookAlikes)) {
        expect(planned.join('\n')).not.toContain(other);
      }
      await expect(deploy.locator(DeploySelector.IncludeS3)).not.toBeChecked();
      const s3Before = await s3Count(page, outputUri);
      expect(s3Before).toBeGreaterThan(0);
      await panel.widen(200);
      await deploy.screenshotOf(
        testInfo,
        'cleanup-plan-light.png',
        PanelSelector.Panel
      );

      // First run: DeleteEndpoint throttled past the SDK's retries.
      await injectFault({
        action: 'DeleteEndpoint',
        error: 'ThrottlingException',
        count: 5
      });
      await deploy.locator(DeploySelector.Run).click();
      const dialog = page.locator(DeploySelector.Dialog);
      await expect(dialog).toContainText(mine.endpoint);
      await expect(dialog).toContainText(mine.config);
      await expect(dialog).toContainText(mine.model);
      await expect(dialog).toContainText('$0.115 per hour');
      await expect(page.locator(DeploySelector.DialogItem)).toHaveCount(3);
      await deploy.screenshotOf(
        testInfo,
        'cleanup-dialog-light.png',
        '.jp-Dialog-content'
      );
      await page.theme.setDarkTheme();
      await deploy.screenshotOf(
        testInfo,
        'cleanup-dialog-dark.png',
        '.jp-Dialog-content'
      );
      await page.theme.setLightTheme();
      await dialog.getByRole('button', { name: 'Clean Up' }).click();
      const result = (name: string) =>
        page.locator(`${DeploySelector.ResultItem}[data-name="${name}"]`);
      await expect(result(mine.endpoint)).toHaveAttribute(
        'data-result',
        'failed'
      );
      await expect(result(mine.endpoint)).toContainText('throttling');
      await expect(result(mine.config)).toHaveAttribute(
        'data-result',
        'skipped'
      );
      expect(
        await exists('DescribeEndpoint', { EndpointName: mine.endpoint })
      ).toBe(true);

      // Second run: the config's delete denied; the endpoint goes.
      await clearFaults();
      await injectFault({
        action: 'DeleteEndpointConfig',
        error: 'AccessDeniedException',
        count: 1
      });
      const second = await panel.execute('autopilot:cleanup', {
        confirm: false
      });
      expect(second.status).toBe('partial');
      const byName = (r: any) =>
        Object.fromEntries(r.items.map((i: any) => [i.name, i]));
      expect(byName(second)[mine.endpoint].result).toMatch(/^delet/);
      expect(byName(second)[mine.config]).toMatchObject({ result: 'failed' });
      expect(byName(second)[mine.config].reason).toContain('Access denied');
      expect(byName(second)[mine.model].result).toBe('skipped');
      const fired = await reportedFaults();
      expect(fired.every(f => f.fired > 0)).toBe(true);
      await expect(result(mine.config)).toHaveAttribute(
        'data-result',
        'failed'
      );

      // Third run, with the S3 objects checked: it finishes.
      await clearFaults();
      await deploy.locator(DeploySelector.IncludeS3).check();
      await deploy.locator(DeploySelector.Run).click();
      await expect(page.locator(DeploySelector.DialogItem)).toHaveCount(3);
      await page
        .locator(DeploySelector.Dialog)
        .getByRole('button', { name: 'Clean Up' })
        .click();
      await expect(deploy.locator(DeploySelector.Results)).toHaveAttribute(
        'data-result',
        'cleaned'
      );
      await expect(result(mine.model)).toHaveAttribute(
        'data-result',
        'deleted'
      );

      // Nothing of the workflow is left, by the sandbox's own API.
      expect(
        await exists('DescribeEndpoint', { EndpointName: mine.endpoint })
      ).toBe(false);
      expect(
        await exists('DescribeEndpointConfig', {
          EndpointConfigName: mine.config
        })
      ).toBe(false);
      expect(await exists('DescribeModel', { ModelName: mine.model })).toBe(
        false
      );
      expect(await s3Count(page, outputUri)).toBe(0);
      const after = await panel.execute('autopilot:plan-cleanup');
      expect(after.items).toEqual([]);
      // The look-alikes were never touched.
      expect(
        await exists('DescribeEndpoint', { EndpointName: lookAlikes.endpoint })
      ).toBe(true);
      expect(
        await exists('DescribeModel', { ModelName: lookAlikes.model })
      ).toBe(true);
      expect(
        await exists('DescribeTrainingJob', {
          TrainingJobName: lookAlikes.trainingJob
        })
      ).toBe(true);
    } finally {
      await removeLookAlikes(lookAlikes);
      await sagemaker('DeleteEndpoint', { EndpointName: mine.endpoint });
      await sagemaker('DeleteEndpointConfig', {
        EndpointConfigName: mine.config
      });
      await sagemaker('DeleteModel', { ModelName: mine.model });
    }
  });
});

test.describe('the Deployment and Clean-up steps in Korean', () => {
  test.use(IN_KOREAN);

  test('the deployment section and the clean-up dialog in Korean', async ({
    page,
    tmpPath
  }, testInfo) => {
    const panel = new PanelHelper(page);
    const deploy = new DeploymentHelper(page, panel);
    const { job, roleArn } = await workflowWithJob(
      panel,
      page,
      `${tmpPath}/churn.txt`
    );
    const mine = await deployBestCandidate(job, `${job}-ko-0102`, roleArn);
    try {
      await waitForEndpoint(mine.endpoint, 'InService');
      await deploy.openSection('deployment');
      await expect(deploy.locator(DeploySelector.Send)).toHaveText(
        ko('Send Test Request')
      );
      await expect(deploy.locator(DeploySelector.Endpoint)).toHaveAttribute(
        'data-status',
        'InService'
      );
      await panel.widen(200);
      await deploy.screenshotOf(
        testInfo,
        'deployment-korean.png',
        PanelSelector.Panel
      );
      await deploy.openSection('cleanup');
      await deploy.locator(DeploySelector.Plan).click();
      await deploy.locator(DeploySelector.Run).click();
      const dialog = page.locator(DeploySelector.Dialog);
      await expect(dialog).toContainText(
        ko('Stop and delete what the workflow made?')
      );
      await deploy.screenshotOf(
        testInfo,
        'cleanup-dialog-korean.png',
        '.jp-Dialog-content'
      );
      await dialog.getByRole('button', { name: ko('Clean Up') }).click();
      await expect(deploy.locator(DeploySelector.Results)).toHaveAttribute(
        'data-result',
        'cleaned'
      );
      await expect(deploy.locator(DeploySelector.Results)).toContainText(
        ko('Clean-up done.')
      );
    } finally {
      await sagemaker('DeleteEndpoint', { EndpointName: mine.endpoint });
      await sagemaker('DeleteEndpointConfig', {
        EndpointConfigName: mine.config
      });
      await sagemaker('DeleteModel', { ModelName: mine.model });
    }
  });
});
