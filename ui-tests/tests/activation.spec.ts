import { expect, test } from '@jupyterlab/galata';

const PLUGINS = [
  'jupyterlab-autopilot:plugin',
  'jupyterlab-autopilot:connection'
];

test('the extension activates in a real JupyterLab', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(`pageerror: ${error.message}`));
  page.on('console', message => {
    if (message.type() === 'error' && /autopilot/i.test(message.text())) {
      errors.push(`console.error: ${message.text()}`);
    }
  });

  await page.reload();
  await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });
  await page.evaluate(() => (window as any).jupyterapp.restored);

  const activated = await page.evaluate(
    ids =>
      ids.map(id => [id, (window as any).jupyterapp.isPluginActivated(id)]),
    PLUGINS
  );
  expect(activated).toEqual(PLUGINS.map(id => [id, true]));
  // The start-up handshake has answered: the status bar knows where calls go.
  await expect(page.locator('.jp-autopilot-AwsStatus')).toHaveAttribute(
    'data-mode',
    'sandbox'
  );
  expect(errors).toEqual([]);
});
