/**
 * How the UI tests and the benchmarks launch Debian's Chromium: Playwright
 * cannot download its own browser here, and without these flags Chromium
 * keeps trying to reach Google's hosts on a machine with no network.
 */
module.exports = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
};
