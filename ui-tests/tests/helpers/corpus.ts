import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** ../shared beside the project; tests may read it, the project never needs it. */
export const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');
export const PROJECT = path.resolve(__dirname, '../../..');

export const hasCorpus = fs.existsSync(path.join(CORPUS, 'manifest.json'));

export interface IManifestEntry {
  file: string;
  variant: string;
  n_cells: number;
  nbformat_minor: number;
  expected_kept: string[];
  candidates: { name: string }[];
  tuner_max_jobs?: number;
  tuner_max_parallel_jobs?: number;
}

export function manifestEntry(fileSuffix: string): IManifestEntry {
  const manifest: IManifestEntry[] = JSON.parse(
    fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf-8')
  );
  const entry = manifest.find(e => e.file.endsWith(fileSuffix));
  if (!entry) {
    throw new Error(`${fileSuffix} is not in the corpus manifest`);
  }
  return entry;
}

/** What `autopilot-trim` writes for a file, byte for byte. */
export function cliOutput(file: string, extra: string[] = []): string {
  return execFileSync(
    'node',
    [path.join(PROJECT, 'lib-cli/trim/cli.js'), file, '-o', '-', ...extra],
    { encoding: 'utf-8' }
  );
}

/** A cell reduced to what the trimmer's contract compares. */
export function comparable(cell: any): unknown {
  const source = Array.isArray(cell.source)
    ? cell.source.join('')
    : cell.source;
  return {
    cell_type: cell.cell_type,
    source,
    outputs: cell.outputs ?? null
  };
}
