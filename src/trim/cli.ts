#!/usr/bin/env node
/**
 * autopilot-trim: the trimmer on the command line. Only the Node file system
 * lives here; everything else is in cliRun.ts, so it is tested without
 * spawning a process.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ICliIo, runCli } from './cliRun';

/**
 * Write to a temporary file in the same directory, then rename it over the
 * target, so that a reader (or a crash) never sees half a notebook. The
 * target's mode is kept; a symbolic link is followed, not replaced.
 */
export function writeFileAtomic(target: string, text: string): void {
  let file = target;
  let mode = 0o666 & ~process.umask();
  try {
    file = fs.realpathSync(target);
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    // A new file: created with the default mode.
  }
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${Date.now()}.autopilot-trim.tmp`
  );
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'wx', mode);
    fs.writeFileSync(fd, text, 'utf8');
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, file);
  } catch (error) {
    if (fd !== null) {
      fs.closeSync(fd);
    }
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export const nodeIo: ICliIo = {
  readFile: file => fs.readFileSync(file),
  writeFileAtomic,
  // The streams, not fs.writeSync: a pipe may be non-blocking, and Node
  // flushes the streams before exiting since process.exit is never called.
  stdout: text => {
    process.stdout.write(text);
  },
  stderr: text => {
    process.stderr.write(text);
  }
};

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), nodeIo);
}
