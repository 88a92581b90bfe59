/**
 * What the browser benchmarks share: a `jupyter lab` of their own, whose
 * root, settings and workspaces live in a temporary directory (so that other
 * users of this checkout cannot change what it restores), and the clean-up
 * of that directory, the server and the browser, on failure and Ctrl+C too.
 */
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const VENV_BIN = path.resolve(__dirname, '../../.venv/bin');

/** The arguments of `jupyter lab` that make it the benchmark's own. */
function labArgs(tmp, port) {
  return [
    `--port=${port}`,
    '--port_retries=0',
    '--ServerApp.ip=127.0.0.1',
    '--ServerApp.allow_root=True',
    '--no-browser',
    '--IdentityProvider.token=',
    `--ServerApp.root_dir=${path.join(tmp, 'root')}`,
    '--LabApp.expose_app_in_browser=True',
    `--LabApp.user_settings_dir=${path.join(tmp, 'settings')}`,
    `--LabApp.workspaces_dir=${path.join(tmp, 'workspaces')}`
  ];
}

async function waitForServer(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`jupyter lab exited with ${child.exitCode}`);
    }
    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 300));
  }
  throw new Error(`jupyter lab did not answer at ${url}`);
}

/**
 * Runs `program` (from the venv) with `args`, its output in `tmp/server.log`,
 * and waits until the server answers on `port`. The child leads its own
 * process group, so that stopping it stops what it started (a sandbox's
 * `jupyter lab`).
 */
async function startServer(tmp, port, program, args, timeoutMs = 60000) {
  for (const dir of ['root', 'settings', 'workspaces']) {
    fs.mkdirSync(path.join(tmp, dir));
  }
  const log = fs.openSync(path.join(tmp, 'server.log'), 'w');
  const child = spawn(path.join(VENV_BIN, program), args, {
    stdio: ['ignore', log, log],
    env: { ...process.env, PATH: `${VENV_BIN}:${process.env.PATH}` },
    detached: true
  });
  await waitForServer(`http://127.0.0.1:${port}/api/status`, child, timeoutMs);
  return child;
}

async function stopServer(child) {
  if (!child || child.exitCode !== null) {
    return;
  }
  const exited = new Promise(resolve => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 15000);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs `body(tmp, held)` in a new temporary directory; whatever it puts in
 * `held.server` and `held.browser` is stopped at the end, and the directory
 * removed. On failure the server's log, which goes with the directory, is
 * shown first.
 */
async function inTemporaryDir(prefix, body) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const held = { server: null, browser: null };
  let failed = true;
  const cleanup = async () => {
    await held.browser?.close().catch(() => {});
    await stopServer(held.server);
    const log = path.join(tmp, 'server.log');
    if (failed && fs.existsSync(log)) {
      console.error(
        fs.readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')
      );
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  // Ctrl+C must still stop the server and remove the temporary directory.
  process.once('SIGINT', () => cleanup().then(() => process.exit(130)));
  try {
    await body(tmp, held);
    failed = false;
  } finally {
    await cleanup();
  }
}

module.exports = { VENV_BIN, inTemporaryDir, labArgs, startServer };
