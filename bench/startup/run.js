#!/usr/bin/env node
/**
 * Start-up benchmark (rerunnable): `node bench/startup/run.js [--pairs N]`.
 *
 * One Jupyter server, one Chromium. Page loads alternate between "with" the
 * extension installed and "without" it, and every figure is a ratio to the
 * "without" loads of the same run, since the machine is small and shared.
 * The extension is toggled between page loads by adding or removing its
 * symlink in a private copy of the labextensions path: the server rescans
 * that path on every page load, so no rebuild or restart is needed, and
 * "without" loads none of its files (JupyterLab's `disabledExtensions` would
 * still fetch remoteEntry and the entry chunk). Nothing outside a temporary
 * directory is changed. Results: a table on stdout, JSON in bench/results/.
 */
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const zlib = require('zlib');

const ROOT = path.resolve(__dirname, '../..');
const VENV_BIN = path.join(ROOT, '.venv/bin');
const EXT_NAME = 'jupyterlab-autopilot';
const EXT_BUILD = path.join(ROOT, 'jupyterlab_autopilot/labextension');
const EXT_URL = `/lab/extensions/${EXT_NAME}/`;
const PLUGINS = [
  'jupyterlab-autopilot:plugin',
  'jupyterlab-autopilot:connection',
  'jupyterlab-autopilot:panel'
];
// What only the Autopilot panel needs: it must load on first open, not at start-up.
const PANEL_CHUNK = /autopilot-panel/;
const SDK_CHUNK = /aws-sdk|autopilot-aws/;
const DEBIAN_CHROMIUM = require('../../ui-tests/chromium');
const { inTemporaryDir, labArgs, startServer } = require('../common/jupyter');
const FIRST_PORT = 8950;
const LOAD_TIMEOUT_MS = 120000;
// How long the warm-up load keeps listening after start-up, to show what
// the extension fetches just after JupyterLab is ready (not timed).
const SETTLE_MS = 3000;

function parseArgs(argv) {
  const args = { pairs: 10, warm: true, port: FIRST_PORT };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--pairs') {
      args.pairs = Number(argv[++i]);
    } else if (argv[i] === '--port') {
      args.port = Number(argv[++i]);
    } else if (argv[i] === '--cold-only') {
      args.warm = false;
    } else {
      throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!Number.isInteger(args.pairs) || args.pairs < 1) {
    throw new Error('--pairs needs a positive integer');
  }
  return args;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Linear-interpolated quantile, q in [0, 1]. */
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** A dev build ships source maps; `jlpm build:prod` (what CI builds) does not. */
function buildKind() {
  const files = fs.readdirSync(path.join(EXT_BUILD, 'static'));
  return files.some(f => f.endsWith('.js.map')) ? 'dev' : 'prod';
}

/** The built file names; they change when someone rebuilds mid-run. */
function buildFiles() {
  return fs.readdirSync(path.join(EXT_BUILD, 'static')).sort().join('\n');
}

function portIsFree(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(first) {
  for (let port = first; port < first + 50; port++) {
    if (await portIsFree(port)) {
      return port;
    }
  }
  throw new Error(`no free port from ${first}`);
}

/** The labextensions path the server would use by default, in order. */
function defaultLabextensionsPath() {
  const code =
    'import json; from jupyter_core.paths import jupyter_path; ' +
    "print(json.dumps(jupyter_path('labextensions')))";
  const out = execFileSync(path.join(VENV_BIN, 'python'), ['-c', code]);
  return JSON.parse(out.toString());
}

function extensionDirs(root) {
  if (!fs.existsSync(root)) {
    return [];
  }
  return fs.readdirSync(root).flatMap(name => {
    if (!name.startsWith('@')) {
      return [name];
    }
    return fs.readdirSync(path.join(root, name)).map(n => `${name}/${n}`);
  });
}

/**
 * Links every other installed labextension into `mirror`, first path wins
 * as in the server, so both arms see the same JupyterLab but for ours.
 */
function mirrorLabextensions(mirror) {
  const seen = new Set([EXT_NAME]);
  for (const root of defaultLabextensionsPath()) {
    for (const name of extensionDirs(root)) {
      const isExtension = fs.existsSync(path.join(root, name, 'package.json'));
      if (seen.has(name) || !isExtension) {
        continue;
      }
      seen.add(name);
      fs.mkdirSync(path.dirname(path.join(mirror, name)), { recursive: true });
      fs.symlinkSync(path.join(root, name), path.join(mirror, name));
    }
  }
  return [...seen].filter(n => n !== EXT_NAME);
}

function setInstalled(mirror, installed) {
  const link = path.join(mirror, EXT_NAME);
  fs.rmSync(link, { force: true });
  if (installed) {
    fs.symlinkSync(EXT_BUILD, link);
  }
}

/**
 * A plain `jupyter lab` of the benchmark's own, loading extensions from the
 * private copy of the labextensions path.
 */
function startLab(tmp, mirror, port) {
  return startServer(tmp, port, 'jupyter', [
    'lab',
    ...labArgs(tmp, port),
    `--LabApp.labextensions_path=${mirror}`
  ]);
}

/**
 * Runs in the page before JupyterLab: records, relative to navigation
 * start, when `restored` resolves and when the splash is gone. Recording
 * in the page keeps Playwright's polling out of the figures.
 */
function startupProbe() {
  const mark = { restored: null, splashGone: null, started: null };
  window.__startup = mark;
  performance.setResourceTimingBufferSize(5000);
  const check = () => {
    const splash = document.getElementById('jupyterlab-splash');
    if (mark.restored !== null && !splash && mark.started === null) {
      mark.splashGone = performance.now();
      mark.started = Math.max(mark.restored, mark.splashGone);
    }
  };
  new MutationObserver(check).observe(document, {
    childList: true,
    subtree: true
  });
  let app;
  Object.defineProperty(window, 'jupyterapp', {
    configurable: true,
    get: () => app,
    set: value => {
      app = value;
      void value.restored.then(() => {
        mark.restored = performance.now();
        check();
      });
    }
  });
}

/** Plugin states, and the page's total decoded bytes, once started. */
function pageFacts(pluginIds) {
  const app = window.jupyterapp;
  const entries = [
    ...performance.getEntriesByType('navigation'),
    ...performance.getEntriesByType('resource')
  ];
  return {
    registered: pluginIds.filter(id => app.hasPlugin(id)),
    activated: pluginIds.filter(id => app.isPluginActivated(id)),
    pageBytes: entries.reduce((sum, e) => sum + (e.decodedBodySize || 0), 0)
  };
}

/**
 * The body's decoded size, and its size gzipped (level 6, as a server
 * would send it): the local server sends it uncompressed.
 */
async function bodySize(response) {
  try {
    const body = await response.body();
    return { bytes: body.length, gzip: zlib.gzipSync(body).length };
  } catch {
    return { bytes: null, gzip: null };
  }
}

/**
 * One navigation to /lab, timed in the page. Lists the extension's files
 * fetched before start-up and, with `settleMs`, just after it.
 */
async function loadOnce(page, url, settleMs = 0) {
  const responses = [];
  let started = false;
  const onResponse = response => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith(EXT_URL)) {
      responses.push({ response, afterStart: started });
    }
  };
  page.on('response', onResponse);
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
    await page.waitForFunction(() => window.__startup.started !== null, null, {
      timeout: LOAD_TIMEOUT_MS
    });
    started = true;
    if (settleMs) {
      await page.waitForTimeout(settleMs);
    }
  } finally {
    page.off('response', onResponse);
  }
  const mark = await page.evaluate(() => window.__startup);
  const facts = await page.evaluate(pageFacts, PLUGINS);
  const files = [];
  for (const { response, afterStart } of responses) {
    files.push({
      name: new URL(response.url()).pathname.slice(EXT_URL.length),
      ...(await bodySize(response)),
      status: response.status(),
      afterStart
    });
  }
  return { ...mark, ...facts, files };
}

/** Fails loudly when an arm is not what it claims to be. */
function checkArm(arm, load) {
  const startup = load.files.filter(f => !f.afterStart);
  if (arm === 'without' && (load.files.length || load.registered.length)) {
    throw new Error(`"without" loaded the extension: ${JSON.stringify(load)}`);
  }
  if (arm === 'with' && load.activated.length !== PLUGINS.length) {
    throw new Error(`"with" did not activate ${PLUGINS}: ${load.activated}`);
  }
  const sdk = startup.filter(f => SDK_CHUNK.test(f.name));
  if (sdk.length) {
    throw new Error(`SDK loaded at start-up: ${sdk.map(f => f.name)}`);
  }
  const panel = startup.filter(f => PANEL_CHUNK.test(f.name));
  if (panel.length) {
    throw new Error(`panel loaded at start-up: ${panel.map(f => f.name)}`);
  }
}

/**
 * One arm in a fresh browser context (empty cache), then optionally the
 * same page again with the cache that first load filled.
 */
async function measureArm(ctx, arm, { warm, settleMs }) {
  setInstalled(ctx.mirror, arm === 'with');
  const context = await ctx.browser.newContext();
  try {
    await context.addInitScript(startupProbe);
    const page = await context.newPage();
    const cold = await loadOnce(page, ctx.url, settleMs);
    checkArm(arm, cold);
    const result = { arm, cold };
    if (warm) {
      result.warm = await loadOnce(page, ctx.url);
      checkArm(arm, result.warm);
    }
    return result;
  } finally {
    await context.close();
  }
}

function fmtMs(ms) {
  return `${Math.round(ms)} ms`;
}

/** Medians per arm, and the spread of with/without ratios within pairs. */
function summarize(pairs, cache) {
  const times = arm => pairs.map(p => p[arm][cache].started);
  const ratios = pairs.map(
    p => p.with[cache].started / p.without[cache].started
  );
  const withMs = median(times('with'));
  const withoutMs = median(times('without'));
  return {
    cache,
    withMs,
    withoutMs,
    ratio: withMs / withoutMs,
    pairRatioMedian: median(ratios),
    pairRatioQ1: quantile(ratios, 0.25),
    pairRatioQ3: quantile(ratios, 0.75),
    pairRatios: ratios
  };
}

/** The extension's files at start-up in one load, in the order fetched. */
function startupFiles(load) {
  return load.files.filter(f => !f.afterStart);
}

function printReport(report) {
  console.log(
    `\nJupyterLab start-up, ${report.pairs} interleaved pairs, ` +
      `extension build: ${report.build}\n`
  );
  console.log(
    'cache | without (median) | with (median) | ratio | per-pair ratio median [IQR]'
  );
  console.log('----- | ---------------- | ------------- | ----- | -----------');
  for (const s of report.summary) {
    console.log(
      [
        s.cache.padEnd(5),
        fmtMs(s.withoutMs).padStart(16),
        fmtMs(s.withMs).padStart(13),
        s.ratio.toFixed(3).padStart(5),
        `${s.pairRatioMedian.toFixed(3)} [${s.pairRatioQ1.toFixed(3)}, ` +
          `${s.pairRatioQ3.toFixed(3)}]`
      ].join(' | ')
    );
  }
  const files = report.startupFiles;
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const gzip = files.reduce((sum, f) => sum + f.gzip, 0);
  console.log(
    `\nExtension files at start-up (cold cache): ${files.length}, ` +
      `${total} bytes (${(total / 1024).toFixed(1)} KiB; ${gzip} gzip), ` +
      `${((100 * total) / report.pageBytesWith).toFixed(2)}% of the page's ` +
      `${(report.pageBytesWith / 1048576).toFixed(1)} MiB`
  );
  for (const f of files) {
    console.log(
      `  ${String(f.bytes).padStart(9)}  ${String(f.gzip).padStart(7)} gz  ${f.name}`
    );
  }
  console.log(
    `AWS SDK chunks at start-up: ${report.sdkAtStartup.length ? report.sdkAtStartup.join(', ') : 'none'}`
  );
  if (report.buildChangedDuringRun || !report.startupFilesSameEveryLoad) {
    console.log(
      'WARNING: the labextension was rebuilt during the run, or its files ' +
        'at start-up differed between loads; see the JSON.'
    );
  }
  if (report.afterStartFiles.length) {
    console.log(`Fetched within ${SETTLE_MS} ms after start-up:`);
    for (const f of report.afterStartFiles) {
      console.log(
        `  ${String(f.bytes).padStart(9)}  ${String(f.gzip).padStart(7)} gz  ${f.name}`
      );
    }
  }
}

function writeResults(report) {
  const dir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `startup-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

async function runPairs(ctx, args) {
  // Warm-up, not timed: the server's first page renders and Chromium's first
  // start are slow. The "with" warm-up also watches what follows start-up.
  const warmup = await measureArm(ctx, 'with', {
    warm: false,
    settleMs: SETTLE_MS
  });
  await measureArm(ctx, 'without', { warm: false, settleMs: 0 });
  const pairs = [];
  for (let i = 0; i < args.pairs; i++) {
    // Swap which arm goes first every pair, so neither always follows the other.
    const order = i % 2 ? ['without', 'with'] : ['with', 'without'];
    const pair = {};
    for (const arm of order) {
      pair[arm] = await measureArm(ctx, arm, { warm: args.warm, settleMs: 0 });
    }
    pairs.push(pair);
    process.stderr.write(
      `pair ${i + 1}/${args.pairs}: with ${fmtMs(pair.with.cold.started)}, ` +
        `without ${fmtMs(pair.without.cold.started)}\n`
    );
  }
  return { warmup, pairs };
}

function buildReport(args, setup, { warmup, pairs }) {
  const files = startupFiles(pairs[0].with.cold);
  // Same files and sizes in every "with" load; fetch order may vary.
  const names = list =>
    list
      .map(f => `${f.name} ${f.bytes}`)
      .sort()
      .join('\n');
  const consistent = pairs.every(
    p => names(startupFiles(p.with.cold)) === names(files)
  );
  return {
    date: new Date().toISOString(),
    pairs: args.pairs,
    build: buildKind(),
    buildChangedDuringRun: setup.buildBefore !== buildFiles(),
    chromium: setup.chromium,
    otherLabextensions: setup.others,
    summary: (args.warm ? ['cold', 'warm'] : ['cold']).map(c =>
      summarize(pairs, c)
    ),
    startupFiles: files,
    startupBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    startupGzipBytes: files.reduce((sum, f) => sum + f.gzip, 0),
    startupFilesSameEveryLoad: consistent,
    sdkAtStartup: files.filter(f => SDK_CHUNK.test(f.name)).map(f => f.name),
    afterStartFiles: warmup.cold.files.filter(f => f.afterStart),
    pageBytesWith: median(pairs.map(p => p.with.cold.pageBytes)),
    pageBytesWithout: median(pairs.map(p => p.without.cold.pageBytes)),
    loads: pairs.map(p => ({
      with: { cold: p.with.cold, warm: p.with.warm },
      without: { cold: p.without.cold, warm: p.without.warm }
    }))
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { chromium } = require(
    path.join(ROOT, 'ui-tests/node_modules/playwright-core')
  );
  await inTemporaryDir('bench-startup-', async (tmp, held) => {
    const mirror = path.join(tmp, 'labextensions');
    fs.mkdirSync(mirror);
    const others = mirrorLabextensions(mirror);
    // Installed at server start, so its static files get the same
    // immutable-cache headers as in a normal install.
    setInstalled(mirror, true);
    const port = await freePort(args.port);
    held.server = await startLab(tmp, mirror, port);
    const browser = await chromium.launch({
      ...DEBIAN_CHROMIUM
    });
    held.browser = browser;
    const ctx = { browser, mirror, url: `http://127.0.0.1:${port}/lab` };
    const buildBefore = buildFiles();
    const runs = await runPairs(ctx, args);
    const setup = { chromium: browser.version(), others, buildBefore };
    const report = buildReport(args, setup, runs);
    printReport(report);
    console.log(`\nJSON: ${path.relative(ROOT, writeResults(report))}`);
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
