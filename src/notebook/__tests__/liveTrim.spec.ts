import { YNotebook } from '@jupyter/ydoc';
import { planTrim } from '../../trim';
import { applyPlanToSharedNotebook } from '../liveTrim';

function candidatePair(dpp: number, algorithm: string) {
  return [
    {
      cell_type: 'markdown',
      source: `**[dpp${dpp}-${algorithm}](job-artifacts/generated_module/candidate_data_processors/dpp${dpp}.py)**: a strategy`
    },
    {
      cell_type: 'code',
      source: `automl_interactive_runner.select_candidate({\n    "data_transformer": {"name": "dpp${dpp}"},\n    "algorithm": {"name": "${algorithm}"}\n})`
    }
  ];
}

const TUNER = [
  'tuner = HyperparameterTuner.create(',
  "    base_tuning_job_name='x',",
  '    max_parallel_jobs=2,',
  '    max_jobs=250,',
  '    **multi_algo_tuning_parameters,',
  ')'
].join('\n');

function notebook(): YNotebook {
  const nb = YNotebook.create({ disableDocumentWideUndoRedo: true });
  nb.insertCells(0, [
    { cell_type: 'markdown', source: '# Candidate definitions' },
    ...candidatePair(0, 'xgboost'),
    ...candidatePair(1, 'xgboost'),
    ...candidatePair(2, 'linear-learner'),
    ...candidatePair(3, 'xgboost'),
    { cell_type: 'code', source: TUNER }
  ] as any);
  nb.undoManager.clear();
  return nb;
}

const sources = (nb: YNotebook) =>
  nb.cells.map(cell => `${cell.cell_type}:${cell.source}`);

describe('applyPlanToSharedNotebook', () => {
  it('deletes and edits in one step that one undo reverts', () => {
    const nb = notebook();
    const before = sources(nb);
    const plan = planTrim(nb.cells.map(c => c.toJSON() as any));
    if (plan.kind !== 'trim') {
      throw new Error('expected a trim plan');
    }

    const undo = applyPlanToSharedNotebook(nb, plan);

    expect(nb.cells).toHaveLength(before.length - 4);
    expect(nb.cells[nb.cells.length - 1].source).toContain('max_jobs=8,');
    expect(nb.undoManager.undoStack).toHaveLength(1);
    expect(undo.canUndo).toBe(true);

    expect(undo.undo()).toBe(true);
    expect(sources(nb)).toEqual(before);
  });

  it('does not merge the trim with an edit made just before it', () => {
    const nb = notebook();
    nb.getCell(0).setSource('# Edited title');
    const edited = sources(nb);
    const plan = planTrim(nb.cells.map(c => c.toJSON() as any));
    if (plan.kind !== 'trim') {
      throw new Error('expected a trim plan');
    }
    const undo = applyPlanToSharedNotebook(nb, plan);
    undo.undo();
    expect(sources(nb)).toEqual(edited);
  });

  it('refuses to undo once the notebook changed after the trim', () => {
    const nb = notebook();
    const plan = planTrim(nb.cells.map(c => c.toJSON() as any));
    if (plan.kind !== 'trim') {
      throw new Error('expected a trim plan');
    }
    const undo = applyPlanToSharedNotebook(nb, plan);
    nb.undoManager.stopCapturing();
    nb.insertCell(0, { cell_type: 'markdown', source: 'later' } as any);
    const after = sources(nb);
    expect(undo.canUndo).toBe(false);
    expect(undo.undo()).toBe(false);
    expect(sources(nb)).toEqual(after);
  });
});
