import { expect, test } from '@jupyterlab/galata';

test('the extension activates in a real JupyterLab', async ({ page }) => {
  const logs: string[] = [];
  page.on('console', message => logs.push(message.text()));

  await page.reload();
  await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });

  const activated = await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    return app.isPluginActivated('jupyterlab-autopilot:plugin');
  });
  expect(activated).toBe(true);
  expect(
    logs.filter(
      line => /jupyterlab-autopilot/i.test(line) && /error/i.test(line)
    )
  ).toEqual([]);
});
