import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeIo, writeFileAtomic } from '../cli';
import { ICliIo, runCli } from '../cliRun';
import { FIXTURES, fixtureText } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'lib-cli', 'trim', 'cli.js');

/** Real files, captured streams. */
function io(): ICliIo & { out: string; err: string } {
  const captured = {
    ...nodeIo,
    out: '',
    err: '',
    stdout: (t: string) => {
      captured.out += t;
    },
    stderr: (t: string) => {
      captured.err += t;
    }
  };
  return captured;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autopilot-trim-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function copy(name: string, mode = 0o640): string {
  const file = path.join(dir, name);
  fs.copyFileSync(path.join(FIXTURES, name), file);
  fs.chmodSync(file, mode);
  return file;
}

const listing = (): string[] => fs.readdirSync(dir).sort();

describe('runCli', () => {
  it('rewrites the input in place atomically, keeping its mode', () => {
    const file = copy('hpo-classic.ipynb', 0o604);
    const inode = fs.statSync(file).ino;
    const std = io();
    expect(runCli([file, '--max-jobs', '6'], std)).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('max_jobs=6,');
    expect(text).not.toContain('**[dpp1-xgboost](automl');
    expect(fs.statSync(file).mode & 0o777).toBe(0o604);
    // Renamed over, not rewritten: a reader never sees half a file.
    expect(fs.statSync(file).ino).not.toBe(inode);
    expect(listing()).toEqual(['hpo-classic.ipynb']);
    expect(std.err).toMatch(
      /Kept dpp0-xgboost, dpp2-linear-learner, dpp3-mlp\./
    );
    expect(std.err).toMatch(/written to/);
  });

  it('does not touch the input when nothing changes', () => {
    const file = copy('hpo-classic.ipynb');
    expect(runCli([file], io())).toBe(0);
    const mtime = fs.statSync(file).mtimeMs;
    const inode = fs.statSync(file).ino;
    const std = io();
    expect(runCli([file], std)).toBe(0);
    expect(fs.statSync(file).ino).toBe(inode);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(std.err).toMatch(/already trimmed/);
  });

  it('follows a symbolic link instead of replacing it', () => {
    const file = copy('hpo-classic.ipynb');
    const link = path.join(dir, 'link.ipynb');
    fs.symlinkSync(file, link);
    expect(runCli([link], io())).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toContain('max_jobs=8,');
  });

  it('writes to -o, or to standard output with -o -', () => {
    const file = copy('hpo-black.ipynb');
    const out = path.join(dir, 'out.ipynb');
    expect(runCli([file, '-o', out], io())).toBe(0);
    const std = io();
    expect(runCli([file, '-o', '-'], std)).toBe(0);
    expect(std.out).toBe(fs.readFileSync(out, 'utf8'));
    expect(fs.readFileSync(file, 'utf8')).toBe(fixtureText('hpo-black.ipynb'));
  });

  it('writes nothing on --dry-run, and prints the plan with --json', () => {
    const file = copy('hpo-classic.ipynb');
    const std = io();
    expect(
      runCli([file, '--dry-run', '--json', '--algorithms', 'xgboost,svm'], std)
    ).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      fixtureText('hpo-classic.ipynb')
    );
    expect(JSON.parse(std.out)).toMatchObject({
      kind: 'trim',
      kept: [{ name: 'dpp0-xgboost' }],
      warnings: [{ code: 'algorithm-absent', algorithm: 'svm' }]
    });
    expect(std.err).toMatch(/warning: No active svm candidate/);
    expect(std.err).toMatch(/dry run: nothing written/);
  });

  it.each([
    ['ensembling.ipynb', 3, /ensembling-mode/],
    ['exploration.ipynb', 3, /data exploration notebook/],
    ['hpo-all-commented.ipynb', 3, /commented out/]
  ])('refuses %s with exit %d and writes nothing', (name, status, message) => {
    const file = copy(name);
    const out = path.join(dir, 'out.ipynb');
    const std = io();
    expect(runCli([file, '-o', out], std)).toBe(status);
    expect(std.err).toMatch(message);
    expect(listing()).toEqual([name]);
  });

  it('exits 2 for bad values, before reading anything', () => {
    const std = io();
    expect(runCli(['missing.ipynb', '--max-jobs', '0'], std)).toBe(2);
    expect(std.err).toMatch(/--max-jobs: max_jobs must be a whole number/);
    const file = copy('hpo-classic.ipynb');
    expect(
      runCli([file, '--max-jobs', '3', '--max-parallel-jobs', '4'], io())
    ).toBe(2);
    expect(runCli([file, '--algorithms', 'Linear-Learner'], io())).toBe(2);
    expect(runCli([file, '--algorithms', 'nothing-here'], io())).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      fixtureText('hpo-classic.ipynb')
    );
  });

  it('exits 1 for an unreadable file or invalid JSON, writing nothing', () => {
    let std = io();
    expect(runCli([path.join(dir, 'nope.ipynb')], std)).toBe(1);
    expect(std.err).toMatch(/cannot read it: no such file or directory/);
    expect(runCli([dir], (std = io()))).toBe(1);
    expect(std.err).toMatch(/it is a directory/);
    const bad = path.join(dir, 'bad.ipynb');
    fs.writeFileSync(bad, '{"cells": [');
    expect(runCli([bad, '-o', path.join(dir, 'out.ipynb')], (std = io()))).toBe(
      1
    );
    expect(std.err).toMatch(/Not valid JSON/);
    fs.writeFileSync(bad, Buffer.from([0x7b, 0xff, 0x7d]));
    expect(runCli([bad], (std = io()))).toBe(1);
    expect(std.err).toMatch(/not UTF-8/);
    expect(listing()).toEqual(['bad.ipynb']);
  });

  it('exits 1 when the output cannot be written, leaving no temporary file', () => {
    const file = copy('hpo-classic.ipynb');
    const std = io();
    const target = path.join(dir, 'no-such-dir', 'out.ipynb');
    expect(runCli([file, '-o', target], std)).toBe(1);
    expect(std.err).toMatch(/cannot write it: no such file or directory/);
    expect(std.err).toMatch(/Nothing was written/);
    // A read-only directory: the temporary file cannot be created.
    const failing = io();
    failing.writeFileAtomic = () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect(runCli([file], failing)).toBe(1);
    expect(failing.err).toMatch(/permission denied/);
    expect(listing()).toEqual(['hpo-classic.ipynb']);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      fixtureText('hpo-classic.ipynb')
    );
  });

  const asRoot = process.getuid?.() === 0;
  (asRoot ? it.skip : it)(
    'exits 1 in a read-only directory (not as root)',
    () => {
      const file = copy('hpo-classic.ipynb');
      fs.chmodSync(dir, 0o555);
      try {
        const std = io();
        expect(runCli([file], std)).toBe(1);
        expect(std.err).toMatch(/permission denied/);
        expect(listing()).toEqual(['hpo-classic.ipynb']);
      } finally {
        fs.chmodSync(dir, 0o755);
      }
    }
  );

  it('writeFileAtomic removes its temporary file when the rename fails', () => {
    const target = path.join(dir, 'is-a-dir');
    fs.mkdirSync(path.join(target, 'child'), { recursive: true });
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(listing()).toEqual(['is-a-dir']);
  });

  it('prints help', () => {
    const std = io();
    expect(runCli(['--help'], std)).toBe(0);
    expect(std.out).toMatch(/^usage: autopilot-trim INPUT/);
  });
});

describe('the built autopilot-trim command', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.cli.json'], { cwd: ROOT });
  }, 120000);

  it('starts with a shebang and runs with the exit statuses of the contract', () => {
    expect(fs.readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node')).toBe(
      true
    );
    const file = copy('hpo-classic.ipynb');
    const run = (...args: string[]) =>
      spawnSync('node', [BIN, ...args], { encoding: 'utf8' });
    const ok = run(file, '-o', '-', '--parallel-jobs', '2');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('fit_data_transformers(parallel_jobs=2)');
    expect(run(file, '--max-jobs', 'x').status).toBe(2);
    expect(run(path.join(dir, 'none.ipynb')).status).toBe(1);
    const refused = run(copy('exploration.ipynb'));
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(/not trimmed/);
  });
});
