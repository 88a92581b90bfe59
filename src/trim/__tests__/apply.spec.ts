import { ICellLike, ITrimPlan, applyPlanToCells, planTrim } from '../index';
import { spliceLines } from '../source';
import { cellSource, fixture } from './helpers';

describe('applyPlanToCells', () => {
  it('removes deleted cells, copies edited ones and keeps every other object', () => {
    const cells = fixture('hpo-classic.ipynb').cells;
    const plan = planTrim(cells) as Extract<ITrimPlan, { kind: 'trim' }>;
    const out = applyPlanToCells(cells, plan);
    expect(out).toHaveLength(cells.length - plan.deleteIndices.length);
    const tunerIndex = plan.edits[0].cellIndex;
    const kept = cells.filter((_, i) => !plan.deleteIndices.includes(i));
    kept.forEach((cell, k) => {
      if (cell === cells[tunerIndex]) {
        expect(out[k]).not.toBe(cell);
        expect(out[k]).toEqual({ ...cell, source: expect.any(Array) });
      } else {
        expect(out[k]).toBe(cell);
      }
    });
    expect(cells[tunerIndex].source).toEqual(
      fixture('hpo-classic.ipynb').cells[tunerIndex].source
    );
  });

  it('keeps a list of lines a list, touching only the changed lines', () => {
    const cells = fixture('hpo-missing-keyword.ipynb').cells;
    const plan = planTrim(cells, { parallelJobs: 2 });
    const out = applyPlanToCells(cells, plan);
    const before = cells[cells.length - 1].source as string[];
    const after = out[out.length - 1].source as string[];
    expect(after.filter(line => !before.includes(line))).toEqual([
      '    max_parallel_jobs=4,\n',
      '    max_jobs=8,\n'
    ]);
    expect(after).toHaveLength(before.length + 1);
    expect(out[out.length - 2].source).toEqual([
      'automl_interactive_runner.fit_data_transformers(parallel_jobs=2)'
    ]);
  });

  it('keeps a string source a string', () => {
    const cells = fixture('hpo-ids-strings-crlf.ipynb').cells;
    const out = applyPlanToCells(cells, planTrim(cells));
    expect(out.every(c => typeof c.source === 'string')).toBe(true);
  });

  it('returns a copy for a refusal and rejects a stale plan', () => {
    const cells: ICellLike[] = [{ cell_type: 'code', source: 'x' }];
    const refusal = planTrim(cells);
    expect(applyPlanToCells(cells, refusal)).toEqual(cells);
    const trim = fixture('hpo-classic.ipynb').cells;
    const plan = planTrim(trim);
    const edited = trim.map(c =>
      cellSource(c).includes('HyperparameterTuner') ? { ...c, source: 'x' } : c
    );
    expect(() => applyPlanToCells(edited, plan)).toThrow(/plan it again/);
  });
});

describe('spliceLines', () => {
  it('edits within a line, inserts at boundaries and merges across items', () => {
    const lines = ['a=1,\n', 'b=2,\n', 'c'];
    expect(spliceLines(lines, [{ start: 2, end: 3, text: '9' }])).toEqual([
      'a=9,\n',
      'b=2,\n',
      'c'
    ]);
    expect(spliceLines(lines, [{ start: 5, end: 5, text: 'x=0,\n' }])).toEqual([
      'a=1,\n',
      'x=0,\n',
      'b=2,\n',
      'c'
    ]);
    expect(spliceLines(lines, [{ start: 3, end: 7, text: '' }])).toEqual([
      'a=12,\n',
      'c'
    ]);
    expect(spliceLines([], [{ start: 0, end: 0, text: 'x\n' }])).toEqual([
      'x\n'
    ]);
    expect(spliceLines(['a'], [{ start: 1, end: 1, text: 'x\n' }])).toEqual([
      'ax\n'
    ]);
  });
});
