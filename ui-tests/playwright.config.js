/**
 * Galata's configuration, pointed at Debian's Chromium: Playwright cannot
 * download its own browser on these machines.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');
const chromium = require('./chromium');

// Another port lets two suites run side by side on one machine.
const port = process.env.AUTOPILOT_UI_PORT || '8888';
// The sandbox's Autopilot simulator, whose control API the tests use to inject faults.
process.env.AUTOPILOT_SIMULATOR_PORT ||= String(Number(port) + 100);

module.exports = {
  ...baseConfig,
  timeout: 120000,
  expect: { timeout: 20000 },
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${port}`,
    video: 'off',
    trace: 'retain-on-failure',
    launchOptions: chromium
  },
  webServer: {
    command: 'jlpm start',
    url: `http://localhost:${port}/lab`,
    timeout: 180 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
