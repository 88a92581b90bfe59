import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parsePythonJson } from '../json/pythonJson';
import { ICellLike } from '../types';

export const FIXTURES = path.join(__dirname, 'fixtures');

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

export interface INotebook {
  cells: ICellLike[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A fixture parsed as Python reads it (one holds NaN, which JSON.parse rejects). */
export function fixture(name: string): INotebook {
  return parsePythonJson(fixtureText(name)).value as INotebook;
}

export function cellSource(cell: ICellLike): string {
  return typeof cell.source === 'string' ? cell.source : cell.source.join('');
}

const hasPython =
  spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' }).stdout ===
  '1\n';

/**
 * Python's `json.dumps(json.loads(text), indent=1, ensure_ascii=False)`, the
 * reference for Jupyter's layout; null when python3 is not installed.
 */
export function pythonDumps(text: string): string | null {
  if (!hasPython) {
    return null;
  }
  const script =
    'import json,sys; d=sys.stdin.buffer.read(); ' +
    'sys.stdout.buffer.write(json.dumps(json.loads(d), indent=1, ensure_ascii=False).encode("utf-8", "surrogatepass"))';
  const result = spawnSync('python3', ['-c', script], {
    input: Buffer.from(text, 'utf8'),
    maxBuffer: 1 << 28
  });
  if (result.status !== 0) {
    throw new Error(result.stderr.toString());
  }
  return result.stdout.toString('utf8');
}

/** The text without its trailing newline, as Python's json.dumps writes it. */
export function body(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}
