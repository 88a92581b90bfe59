import * as fs from 'fs';
import {
  NotebookReadError,
  TrimOptionsError,
  planReport,
  trimNotebookText
} from '../index';
import { parsePythonJson } from '../json/pythonJson';
import { body, fixtureText, pythonDumps } from './helpers';
import { FIXTURES } from './helpers';

const TRIMMABLE = fs
  .readdirSync(FIXTURES)
  .filter(f => f.startsWith('hpo-') && f !== 'hpo-all-commented.ipynb')
  .concat('hand-layout.ipynb');

function trim(text: string, options = {}): string {
  const { output } = trimNotebookText(text, options);
  if (output === null) {
    throw new Error('refused');
  }
  return output;
}

describe('trimNotebookText', () => {
  it.each(TRIMMABLE)('%s: writes Jupyter layout, idempotently', name => {
    const input = fixtureText(name);
    const output = trim(input, { parallelJobs: 2 });
    expect(output.endsWith('\n')).toBe(input.endsWith('\n'));
    // A second run changes nothing, byte for byte.
    expect(trim(output, { parallelJobs: 2 })).toBe(output);
    const python = pythonDumps(output);
    if (python !== null) {
      expect(body(output)).toBe(python);
    }
    const before = parsePythonJson(input).value as any;
    const after = parsePythonJson(output).value as any;
    expect(after.nbformat).toBe(before.nbformat);
    expect(after.nbformat_minor).toBe(before.nbformat_minor);
    expect(after.metadata).toEqual(before.metadata);
    const ids = (nb: any): unknown[] => nb.cells.map((c: any) => c.id);
    expect(ids(after).every((id: unknown) => ids(before).includes(id))).toBe(
      true
    );
  });

  it('leaves an already-trimmed notebook in Jupyter layout byte for byte', () => {
    const once = trim(fixtureText('hpo-classic.ipynb'));
    const { plan, output } = trimNotebookText(once);
    expect(plan.kind === 'trim' && plan.changesAnything).toBe(false);
    expect(output).toBe(once);
  });

  it('keeps floats, big integers, NaN and integer-like keys as Python writes them', () => {
    const output = trim(fixtureText('hpo-ids-strings-crlf.ipynb'));
    expect(output).toContain(
      '     1.0,\n     0.5,\n     1e-05,\n     1e+16,\n     12345678901234567890123,\n     -0.0,\n     NaN\n'
    );
    expect(output.indexOf('"10": "ten"')).toBeLessThan(
      output.indexOf('"9": "nine"')
    );
    expect(output).toContain('"version": 2.0');
    expect(output).toContain('"id": "cell-000"');
    expect(output).toContain('한국어 소프트\u00adhyphen');
    expect(output).toContain('💡');
  });

  it('normalises a hand-written layout the way Python would', () => {
    const input = fixtureText('hand-layout.ipynb');
    const output = trim(input);
    expect(output).toContain(
      '"metadata": {\n  "b": 1,\n  "1": 0,\n  "x": 100000.0,\n  "y": 1e-06\n }'
    );
    expect(output).toContain(
      'HyperparameterTuner.create(max_parallel_jobs=4, max_jobs=8, **p)'
    );
    expect(output).not.toContain('dpp1-xgboost');
  });

  it('takes the exact path for a Jupyter-layout file with a JavaScript-only number form', () => {
    const input = trim(fixtureText('hpo-classic.ipynb')).replace(
      '"metadata": {\n  "kernelspec"',
      '"metadata": {\n  "small": 0.000001,\n  "tiny": [\n   1e-7\n  ],\n  "kernelspec"'
    );
    const output = trim(input);
    expect(output).toContain('"small": 1e-06');
    expect(output).toContain('   1e-07\n');
  });

  it('keeps the key order and floats of an edited cell in Jupyter layout', () => {
    const input = fixtureText('hpo-classic.ipynb');
    const tuner = input.indexOf('HyperparameterTuner.create(');
    const meta = input.lastIndexOf('"metadata": {}', tuner);
    const exotic =
      '"metadata": {\n    "b": 1,\n    "1": 2,\n    "x": 1.0\n   }';
    const edited = input.slice(0, meta) + exotic + input.slice(meta + 14);
    const output = trim(edited);
    expect(output).toContain(exotic);
    expect(output).toContain('max_jobs=8,');
  });

  it('keeps the absence of a trailing newline and drops a byte order mark', () => {
    const input = fixtureText('hpo-black.ipynb');
    expect(input.endsWith('\n')).toBe(false);
    expect(trim(input).endsWith('}')).toBe(true);
    expect(trim('\ufeff' + input)).toBe(trim(input));
  });

  it('returns null output for a refusal', () => {
    const { plan, output } = trimNotebookText(fixtureText('ensembling.ipynb'));
    expect(output).toBeNull();
    expect(planReport(plan)).toMatchObject({
      kind: 'refuse',
      reason: 'ensembling'
    });
  });

  it.each([
    ['not json', /Not valid JSON: Expecting value at line 1, column 1/],
    ['[]', /not an object with a "cells" list/],
    ['{"cells": {}}', /no "cells" list/],
    ['{"worksheets": [], "nbformat": 3}', /nbformat 3/],
    ['{"cells": [', /Not valid JSON/]
  ])('rejects %p with NotebookReadError', (text, message) => {
    expect(() => trimNotebookText(text)).toThrow(NotebookReadError);
    expect(() => trimNotebookText(text)).toThrow(message);
  });

  it('checks options before reading the text', () => {
    expect(() => trimNotebookText('not json', { maxJobs: 0 })).toThrow(
      TrimOptionsError
    );
  });
});

describe('planReport', () => {
  it('lists kept, removed, inactive, edits with from/to, and warnings', () => {
    const { plan } = trimNotebookText(
      fixtureText('hpo-ids-strings-crlf.ipynb'),
      {
        algorithms: ['xgboost', 'linear-learner']
      }
    );
    const report = planReport(plan);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report).toMatchObject({
      kind: 'trim',
      changesAnything: true,
      kept: [{ name: 'dpp1-xgboost' }],
      removed: [
        { name: 'dpp2-xgboost' },
        { name: 'dpp10-mlp' },
        { name: 'dpp7-mlp' }
      ],
      inactive: [{ name: 'dpp0-xgboost' }],
      edits: [
        {
          target: 'tuner',
          changes: [
            { keyword: 'max_parallel_jobs', from: 7, to: 4 },
            { keyword: 'max_jobs', from: 250, to: 8 }
          ]
        }
      ],
      warnings: [{ code: 'algorithm-absent', algorithm: 'linear-learner' }]
    });
  });
});
