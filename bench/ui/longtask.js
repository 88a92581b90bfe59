#!/usr/bin/env node
/**
 * Does JupyterLab stay responsive while the dataset step works? (issue 9)
 *
 *   node bench/ui/longtask.js [--size-mb 200] [--port 8904] [--sim-port 9004] [--moto-port 8905]
 *                             [--cpu-profile]
 *
 * Starts the sandbox and a `jupyter lab` on it (settings, workspaces and root in
 * a temporary directory), opens it in Debian's Chromium, and drives the panel
 * by its commands as a script would: open-panel, use-dataset, split-dataset,
 * upload-dataset, on a generated churn-like CSV (bench/dataset's generator,
 * cached in the same folder). A PerformanceObserver of `longtask` entries
 * (buffered) runs in the page; each step's window is marked, and the longest
 * main-thread task and the number of long tasks (> 50 ms) in each window are
 * reported. The goal is a longest task under 100 ms during the upload.
 * With --cpu-profile, a CPU profile of the page during the four steps is
 * saved beside the JSON (open it in Chromium's DevTools), and for each long
 * task the functions with the most self time in it are listed: what it was
 * spent on (a dev build, `jlpm build`, gives readable names).
 * Results: a table on stdout, JSON in bench/results/ (gitignored).
 */
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const DEBIAN_CHROMIUM = require('../../ui-tests/chromium');
const {
  VENV_BIN,
  inTemporaryDir,
  labArgs,
  startServer
} = require('../common/jupyter');
const DATA_DIR = path.join(os.tmpdir(), 'autopilot-bench-dataset');
const GOAL_MS = 100;
const STEP_TIMEOUT_MS = 15 * 60 * 1000;

function parseArgs(argv) {
  const args = {
    sizeMb: 200,
    port: 8904,
    simPort: 9004,
    motoPort: 8905,
    cpuProfile: false
  };
  const names = {
    '--size-mb': 'sizeMb',
    '--port': 'port',
    '--sim-port': 'simPort',
    '--moto-port': 'motoPort'
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cpu-profile') {
      args.cpuProfile = true;
      continue;
    }
    const name = names[argv[i]];
    const value = Number(argv[++i]);
    if (!name || !Number.isInteger(value) || value < 1) {
      throw new Error(
        `usage: node bench/ui/longtask.js ${Object.keys(names)
          .map(n => `[${n} N]`)
          .join(' ')}`
      );
    }
    args[name] = value;
  }
  return args;
}

/** The churn-like CSV of bench/dataset, made once per size and reused. */
function dataset(sizeMb, root) {
  const cached = path.join(DATA_DIR, `churn-like-${sizeMb}mb.csv`);
  fs.mkdirSync(DATA_DIR, { recursive: true });
  execFileSync(
    path.join(VENV_BIN, 'python'),
    [
      '-c',
      'import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import run; ' +
        'run.generate(Path(sys.argv[2]), int(sys.argv[3]))',
      path.join(ROOT, 'bench/dataset'),
      cached,
      String(sizeMb)
    ],
    { stdio: 'inherit' }
  );
  const name = path.basename(cached);
  try {
    fs.linkSync(cached, path.join(root, name)); // no copy when on one file system
  } catch {
    fs.copyFileSync(cached, path.join(root, name));
  }
  return { name, bytes: fs.statSync(cached).size };
}

/** The sandbox (moto and the simulator), then jupyter lab in its environment. */
function startSandboxLab(tmp, args) {
  const sandbox = [
    '-m',
    'jupyterlab_autopilot.sandbox',
    'lab',
    `--port=${args.simPort}`,
    `--moto-port=${args.motoPort}`,
    '--'
  ];
  return startServer(
    tmp,
    args.port,
    'python',
    [...sandbox, ...labArgs(tmp, args.port)],
    180000
  );
}

/** Runs in the page before JupyterLab: collects every long task. */
function longTaskProbe() {
  window.__longTasks = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      window.__longTasks.push({
        start: entry.startTime,
        duration: entry.duration,
        attribution: (entry.attribution || []).map(
          a => a.containerType || a.name
        )
      });
    }
  }).observe({ type: 'longtask', buffered: true });
}

/** One step: its command's result, and the window of time it took in the page. */
async function step(page, command, args) {
  return page.evaluate(
    async ({ command, args }) => {
      const start = performance.now();
      const result = await window.jupyterapp.commands.execute(command, args);
      return { command, start, end: performance.now(), result };
    },
    { command, args }
  );
}

function summarise(tasks, window) {
  const inside = tasks.filter(
    t => t.start + t.duration > window.start && t.start < window.end
  );
  return {
    command: window.command,
    seconds: (window.end - window.start) / 1000,
    longTasks: inside.length,
    longestMs: inside.reduce((most, t) => Math.max(most, t.duration), 0),
    status: window.result?.status,
    tasks: inside
  };
}

/** When (ms after the profile's start) the marker function was first sampled. */
function markerTime(profile) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] / 1000;
    const frame = byId.get(profile.samples[i]).callFrame;
    if (frame.functionName === 'autopilotBenchMarker') {
      return at;
    }
  }
  throw new Error('the CPU profile has no sample of the marker');
}

/**
 * The functions with the most self time in a CDP CPU profile between two
 * page times (ms); ``offset`` is the profile's start in page time.
 */
function topFunctions(profile, count, from, to, offset) {
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  let at = offset;
  profile.samples.forEach((id, i) => {
    at += dt[i] / 1000;
    if (at < from || at > to) {
      return;
    }
    const frame = byId.get(id).callFrame;
    if (['(idle)', '(root)'].includes(frame.functionName)) {
      return;
    }
    const where = `${frame.functionName || '(anonymous)'} ${frame.url
      .split('/')
      .slice(-2)
      .join('/')}:${frame.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + (dt[i + 1] ?? 0) / 1000);
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { chromium } = require(
    path.join(ROOT, 'ui-tests/node_modules/playwright-core')
  );
  await inTemporaryDir('bench-longtask-', async (tmp, held) => {
    held.server = await startSandboxLab(tmp, args);
    const data = dataset(args.sizeMb, path.join(tmp, 'root'));
    console.log(`${data.name}: ${(data.bytes / 1e6).toFixed(0)} MB`);
    const browser = await chromium.launch({ ...DEBIAN_CHROMIUM });
    held.browser = browser;
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 }
    });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.addInitScript(longTaskProbe);
    await page.goto(`http://127.0.0.1:${args.port}/lab`);
    await page.waitForFunction(() => window.jupyterapp?.commands);
    await page.evaluate(() => window.jupyterapp.restored);

    const cdp = args.cpuProfile
      ? await page.context().newCDPSession(page)
      : null;
    let spun = 0;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      // A marker the profile will show: 30 ms in a function of known name and start.
      spun = await page.evaluate(() => {
        const started = performance.now();
        (function autopilotBenchMarker() {
          while (performance.now() - started < 30) {
            // Spin.
          }
        })();
        return started;
      });
    }
    // The panel shown: its progress rendering is part of what is measured.
    const windows = [await step(page, 'autopilot:open-panel', {})];
    windows.push(
      await step(page, 'autopilot:use-dataset', { path: data.name })
    );
    windows.push(
      await step(page, 'autopilot:split-dataset', { target: 'Churn?' })
    );
    windows.push(
      await step(page, 'autopilot:upload-dataset', { overwrite: true })
    );
    const profile = cdp ? (await cdp.send('Profiler.stop')).profile : null;
    const offset = profile ? spun - markerTime(profile) : 0;
    for (const w of windows.slice(1)) {
      if (!['profiled', 'split', 'uploaded'].includes(w.result?.status)) {
        throw new Error(`${w.command} ended ${JSON.stringify(w.result)}`);
      }
    }
    const tasks = await page.evaluate(() => window.__longTasks);
    const steps = windows.map(w => summarise(tasks, w));
    console.log(
      `\nChromium ${browser.version()}, long tasks (> 50 ms) on the main thread:\n`
    );
    console.log('step                      |  seconds | long tasks | longest');
    console.log('------------------------- | -------- | ---------- | -------');
    for (const s of steps) {
      console.log(
        `${s.command.padEnd(25)} | ${s.seconds.toFixed(1).padStart(8)} | ${String(
          s.longTasks
        ).padStart(10)} | ${s.longestMs.toFixed(0).padStart(4)} ms`
      );
    }
    const upload = steps[steps.length - 1];
    console.log(
      `\nduring the upload: longest ${upload.longestMs.toFixed(0)} ms, ${upload.longTasks} long task(s) ` +
        `(goal: under ${GOAL_MS} ms)`
    );
    const out = path.join(
      ROOT,
      'bench/results',
      `longtask-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
    );
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(
      out,
      JSON.stringify(
        { ...args, bytes: data.bytes, chromium: browser.version(), steps },
        null,
        2
      )
    );
    console.log(`JSON: ${path.relative(ROOT, out)}`);
    if (profile) {
      const saved = out.replace(/\.json$/, '.cpuprofile');
      fs.writeFileSync(saved, JSON.stringify(profile));
      console.log(`\nCPU profile: ${path.relative(ROOT, saved)}`);
      for (const s of steps) {
        for (const t of s.tasks) {
          console.log(
            `\n${s.command}: a ${t.duration.toFixed(0)} ms task at ${(t.start / 1000).toFixed(2)} s, self time:`
          );
          const end = t.start + t.duration;
          const top = topFunctions(profile, Infinity, t.start, end, offset);
          // Little sampled time in a long task: the page waited for a core (a loaded machine).
          const sampled = top.reduce((sum, [, ms]) => sum + ms, 0);
          console.log(`  sampled on the CPU: ${sampled.toFixed(0)} ms`);
          for (const [where, ms] of top.slice(0, 8)) {
            console.log(`${ms.toFixed(0).padStart(6)} ms  ${where}`);
          }
        }
      }
    }
  });
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
