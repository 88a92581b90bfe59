import { expect, test } from '@jupyterlab/galata';
import type { Request } from '@playwright/test';
import { clearFaults, injectFault, reportedFaults } from './helpers/sandbox';

const EXTENSION_ASSETS = '/lab/extensions/jupyterlab-autopilot/static/';
const isSdkChunk = (url: string) =>
  url.includes(EXTENSION_ASSETS) && /aws-sdk|autopilot-aws/.test(url);

test.describe('AWS through the signing proxy, into the local sandbox', () => {
  test('start-up loads no AWS SDK; the connection check reaches SageMaker and S3', async ({
    page
  }, testInfo) => {
    const requests: Request[] = [];
    page.on('request', request => requests.push(request));
    await page.reload();
    await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });
    await page.evaluate(() => (window as any).jupyterapp.restored);

    const atStartup = requests.filter(r => r.url().includes(EXTENSION_ASSETS));
    let startupBytes = 0;
    for (const request of atStartup) {
      const response = await request.response();
      startupBytes += (await response?.body())?.length ?? 0;
    }
    expect(atStartup.length).toBeGreaterThan(0);
    expect(atStartup.filter(r => isSdkChunk(r.url()))).toEqual([]);
    await testInfo.attach('startup-bytes.json', {
      body: JSON.stringify(
        {
          bytes: startupBytes,
          files: atStartup.map(r => r.url().split('/').pop())
        },
        null,
        1
      ),
      contentType: 'application/json'
    });
    console.log(`extension bytes loaded at start-up: ${startupBytes}`);

    // The status bar says plainly that AWS is simulated here.
    const status = page.locator('.jp-autopilot-AwsStatus');
    await expect(status).toHaveText('Autopilot: local sandbox (simulated)');
    await expect(status).toHaveAttribute('title', /nothing is billed/);

    const report = await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('autopilot:check-connection')
    );
    expect(report).toMatchObject({
      ok: true,
      sandbox: true,
      region: 'us-east-1',
      account: '123456789012',
      defaultBucket: 'sagemaker-us-east-1-123456789012',
      defaultBucketExists: true,
      autoMLJobs: 0
    });
    expect(report.executionRoleArn).toMatch(
      /^arn:aws:iam::123456789012:role\//
    );

    // The SDK arrived only now, and its calls went through the proxy.
    expect(requests.some(r => isSdkChunk(r.url()))).toBe(true);
    const proxied = requests.filter(r => r.url().includes('/autopilot/aws/'));
    expect(proxied.map(r => new URL(r.url()).pathname.split('/')[3])).toEqual(
      expect.arrayContaining(['sagemaker', 's3'])
    );
    for (const request of proxied) {
      const headers = await request.allHeaders();
      // The browser never holds AWS credentials: no security token leaves it.
      expect(headers['x-amz-security-token']).toBeUndefined();
      expect((await request.response())?.status()).toBeLessThan(300);
    }
    await expect(
      page.locator('.Toastify__toast', { hasText: 'local AWS sandbox' })
    ).toBeVisible();
  });

  test.describe('typed errors from AWS reach the user with a next step', () => {
    test.afterEach(clearFaults);

    const check = (page: any) =>
      page.evaluate(() =>
        (window as any).jupyterapp.commands.execute(
          'autopilot:check-connection'
        )
      );

    test('throttling is retried with backoff, then succeeds', async ({
      page
    }) => {
      await injectFault({
        action: 'ListAutoMLJobs',
        error: 'ThrottlingException',
        count: 2
      });
      expect(await check(page)).toMatchObject({ ok: true, sandbox: true });
      // The check succeeded because the retries got through, not because the
      // fault never matched: the simulator throttled exactly twice.
      expect(
        (await reportedFaults()).map(f => [f.action, f.error, f.fired])
      ).toEqual([['ListAutoMLJobs', 'ThrottlingException', 2]]);
    });

    test('a missing permission names the action to grant', async ({ page }) => {
      await injectFault({
        action: 'ListAutoMLJobs',
        error: 'AccessDeniedException',
        message:
          'User: arn:aws:sts::123456789012:assumed-role/Role/x is not authorized to perform: sagemaker:ListAutoMLJobs on resource: arn:aws:sagemaker:us-east-1:123456789012:automl-job/*'
      });
      const report = await check(page);
      expect(report).toMatchObject({
        ok: false,
        error: { kind: 'access-denied' }
      });
      await expect(
        page.locator('.Toastify__toast', { hasText: 'Permission denied' })
      ).toContainText('sagemaker:ListAutoMLJobs');
    });

    test('a reached quota says to lower parallelism', async ({ page }) => {
      await injectFault({
        action: 'ListAutoMLJobs',
        error: 'ResourceLimitExceeded',
        message:
          "The account-level service limit 'ml.m5.xlarge for training job usage' is 2 Instances, with current utilization of 2 Instances and a request delta of 1 Instances."
      });
      const report = await check(page);
      expect(report).toMatchObject({
        ok: false,
        error: { kind: 'resource-limit-exceeded' }
      });
      const toast = page.locator('.Toastify__toast', { hasText: 'quota' });
      await expect(toast).toContainText('max_parallel_jobs');
      // AWS's own words are one click away.
      await toast.getByRole('button', { name: 'Details' }).click();
      await expect(page.locator('.jp-Dialog-content')).toContainText(
        'ml.m5.xlarge for training job usage'
      );
    });
  });
});
