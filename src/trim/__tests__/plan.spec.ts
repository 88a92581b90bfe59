import { ICellLike, ITrimPlan, planTrim } from '../index';
import { cellSource, fixture } from './helpers';

type Trim = Extract<ITrimPlan, { kind: 'trim' }>;

function trimPlan(name: string, options = {}): Trim {
  const plan = planTrim(fixture(name).cells, options);
  if (plan.kind !== 'trim') {
    throw new Error(`refused: ${plan.message}`);
  }
  return plan;
}

const names = (cs: { name: string }[]): string[] => cs.map(c => c.name);

describe('planTrim: candidates', () => {
  it('keeps per algorithm the lowest dpp number (hyphenated algorithms too)', () => {
    const plan = trimPlan('hpo-classic.ipynb');
    expect(names(plan.candidates)).toEqual([
      'dpp0-xgboost',
      'dpp1-xgboost',
      'dpp2-linear-learner',
      'dpp3-mlp',
      'dpp4-linear-learner',
      'dpp5-mlp'
    ]);
    expect(names(plan.kept)).toEqual([
      'dpp0-xgboost',
      'dpp2-linear-learner',
      'dpp3-mlp'
    ]);
    expect(names(plan.removed)).toEqual([
      'dpp1-xgboost',
      'dpp4-linear-learner',
      'dpp5-mlp'
    ]);
    const cells = fixture('hpo-classic.ipynb').cells;
    expect(plan.deleteIndices).toEqual(
      plan.removed.flatMap(c => [c.markdownIndex, c.codeIndex])
    );
    for (const i of plan.deleteIndices) {
      expect(cellSource(cells[i])).toMatch(/\*\*\[dpp[145]-|select_candidate/);
    }
    expect(plan.changesAnything).toBe(true);
  });

  it('compares dpp numbers as numbers, not by position, for black-formatted calls', () => {
    const plan = trimPlan('hpo-black.ipynb');
    expect(names(plan.kept)).toEqual(['dpp0-linear-learner', 'dpp1-xgboost']);
    expect(names(plan.removed)).toEqual([
      'dpp2-xgboost',
      'dpp3-linear-learner'
    ]);
  });

  it('leaves a commented-out candidate alone: neither kept, nor counted, nor removed', () => {
    const plan = trimPlan('hpo-ids-strings-crlf.ipynb');
    expect(plan.candidates[0]).toMatchObject({
      name: 'dpp0-xgboost',
      active: false
    });
    expect(names(plan.kept)).toEqual(['dpp1-xgboost', 'dpp7-mlp']);
    expect(names(plan.removed)).toEqual(['dpp2-xgboost', 'dpp10-mlp']);
    expect(plan.deleteIndices).not.toContain(plan.candidates[0].markdownIndex);
    expect(plan.deleteIndices).not.toContain(plan.candidates[0].codeIndex);
  });

  it('restricts kept candidates to option algorithms, warning for absent ones', () => {
    const plan = trimPlan('hpo-classic.ipynb', {
      algorithms: ['xgboost', 'linear-learner', 'factorization-machines']
    });
    expect(names(plan.kept)).toEqual(['dpp0-xgboost', 'dpp2-linear-learner']);
    expect(names(plan.removed)).toEqual([
      'dpp1-xgboost',
      'dpp3-mlp',
      'dpp4-linear-learner',
      'dpp5-mlp'
    ]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        code: 'algorithm-absent',
        algorithm: 'factorization-machines'
      })
    ]);
  });

  it('refuses when option algorithms leaves no candidate', () => {
    const plan = planTrim(fixture('hpo-black.ipynb').cells, {
      algorithms: ['mlp']
    });
    expect(plan).toMatchObject({
      kind: 'refuse',
      reason: 'no-listed-algorithm',
      algorithms: ['xgboost', 'linear-learner']
    });
  });

  it('does not take a header followed by another cell for a candidate', () => {
    const cells: ICellLike[] = [
      { cell_type: 'markdown', source: '**[dpp0-xgboost](a.py)**' },
      { cell_type: 'markdown', source: 'text' },
      {
        cell_type: 'code',
        source: 'automl_interactive_runner.select_candidate({})'
      },
      { cell_type: 'markdown', source: '  \n**[dpp1-xgboost](b.py)**' },
      {
        cell_type: 'code',
        source: ['automl_interactive_runner', '.select_candidate({})']
      },
      { cell_type: 'markdown', source: '**[dpp2-xgboost](c.py)**' },
      {
        cell_type: 'code',
        source:
          'x = "automl_interactive_runner.select_candidate("  # select_candidate('
      }
    ];
    const plan = planTrim(cells) as Trim;
    expect(names(plan.candidates)).toEqual(['dpp1-xgboost', 'dpp2-xgboost']);
    // Activity is decided by the cell's first line, as in the contract.
    expect(plan.candidates.map(c => c.active)).toEqual([true, true]);
    expect(names(plan.kept)).toEqual(['dpp1-xgboost']);
    expect(names(plan.removed)).toEqual(['dpp2-xgboost']);
  });
});

describe('planTrim: refusals', () => {
  it.each([
    ['ensembling.ipynb', 'ensembling', /ensembling-mode/],
    ['exploration.ipynb', 'data-exploration', /data exploration notebook/],
    ['hpo-all-commented.ipynb', 'all-candidates-inactive', /All 2 candidates/]
  ])('%s: %s', (name, reason, message) => {
    const plan = planTrim(fixture(name).cells);
    expect(plan).toMatchObject({ kind: 'refuse', reason });
    expect(plan.kind === 'refuse' && plan.message).toMatch(message);
  });

  it('refuses an empty notebook and one without candidates', () => {
    expect(planTrim([])).toMatchObject({ reason: 'no-cells' });
    expect(planTrim([{ cell_type: 'code', source: 'print(1)' }])).toMatchObject(
      {
        reason: 'no-active-candidates'
      }
    );
  });

  it('survives junk cells', () => {
    const junk = [null, 1, 'x', [], { source: 3 }, { cell_type: 'code' }];
    expect(planTrim(junk as any)).toMatchObject({
      reason: 'no-active-candidates'
    });
  });
});

describe('planTrim: tuner and fit_data_transformers', () => {
  it('changes only the digits, keeping quotes, comments and the tags line', () => {
    const plan = trimPlan('hpo-classic.ipynb');
    expect(plan.edits).toHaveLength(1);
    const [edit] = plan.edits;
    expect(edit.target).toBe('tuner');
    expect(edit.changes).toEqual([
      { keyword: 'max_parallel_jobs', from: 7, to: 4 },
      { keyword: 'max_jobs', from: 250, to: 8 }
    ]);
    expect(edit.after).toBe(
      edit.before
        .replace('max_parallel_jobs=7,', 'max_parallel_jobs=4,')
        .replace('max_jobs=250,', 'max_jobs=8,')
    );
    expect(edit.after).toContain(
      "    tags=[{'Key': 'sagemaker:is-canvas-resource'"
    );
  });

  it('keeps inline comments that mention the keyword', () => {
    const edit = trimPlan('hpo-black.ipynb', {
      maxJobs: 20,
      maxParallelJobs: 5
    }).edits[0];
    expect(edit.after).toContain(
      '    max_parallel_jobs=5,  # at most 10 in a new account\n'
    );
    expect(edit.after).toContain('    max_jobs=20,  # 250 jobs cost a lot\n');
    expect(edit.after).toContain('strategy="Bayesian"');
  });

  it('edits CRLF string sources in place', () => {
    const edit = trimPlan('hpo-ids-strings-crlf.ipynb').edits[0];
    expect(edit.after).toContain(
      '    max_parallel_jobs=4,\r\n    max_jobs=8,\r\n'
    );
  });

  it('sets parallel_jobs only when asked, not inside max_parallel_jobs', () => {
    expect(trimPlan('hpo-classic.ipynb').edits.map(e => e.target)).toEqual([
      'tuner'
    ]);
    const plan = trimPlan('hpo-classic.ipynb', { parallelJobs: 2 });
    const fit = plan.edits.find(e => e.target === 'fitDataTransformers')!;
    expect(fit.after).toBe(
      'automl_interactive_runner.fit_data_transformers(parallel_jobs=2)'
    );
    const tuner = plan.edits.find(e => e.target === 'tuner')!;
    expect(tuner.changes.map(c => c.keyword)).toEqual([
      'max_parallel_jobs',
      'max_jobs'
    ]);
  });

  it('adds a missing keyword as its own line in the call style', () => {
    const plan = trimPlan('hpo-missing-keyword.ipynb', { parallelJobs: 3 });
    const tuner = plan.edits.find(e => e.target === 'tuner')!;
    expect(tuner.changes).toEqual([
      { keyword: 'max_parallel_jobs', from: 7, to: 4 },
      { keyword: 'max_jobs', from: null, to: 8 }
    ]);
    expect(tuner.after).toContain(
      "    objective_type='Maximize',\n    max_parallel_jobs=4,\n    max_jobs=8,\n    **multi_algo_tuning_parameters,\n)"
    );
    const fit = plan.edits.find(e => e.target === 'fitDataTransformers')!;
    expect(fit.after).toBe(
      'automl_interactive_runner.fit_data_transformers(parallel_jobs=3)'
    );
  });

  it('warns when the tuner cell or fit_data_transformers is missing', () => {
    const plan = trimPlan('hpo-truncated.ipynb', { parallelJobs: 2 });
    expect(plan.edits).toEqual([]);
    expect(plan.warnings.map(w => w.code)).toEqual([
      'tuner-missing',
      'fit-data-transformers-missing'
    ]);
    expect(names(plan.kept)).toEqual(['dpp0-xgboost', 'dpp1-linear-learner']);
  });

  it('never edits markdown, outputs, or a call in a comment or a string', () => {
    const cells: ICellLike[] = [
      { cell_type: 'markdown', source: '**[dpp0-xgboost](a.py)**' },
      {
        cell_type: 'code',
        source: 'automl_interactive_runner.select_candidate({})'
      },
      {
        cell_type: 'markdown',
        source: 'HyperparameterTuner.create(max_jobs=250)'
      },
      {
        cell_type: 'code',
        source:
          '# HyperparameterTuner.create(max_jobs=250)\ns = "HyperparameterTuner.create(max_jobs=250)"\n'
      }
    ];
    const plan = planTrim(cells) as Trim;
    expect(plan.edits).toEqual([]);
    expect(plan.warnings.map(w => w.code)).toEqual(['tuner-missing']);
    expect(plan.changesAnything).toBe(false);
  });

  it('recognises a qualified tuner call, and never a definition as a call', () => {
    const cells: ICellLike[] = [
      { cell_type: 'markdown', source: '**[dpp0-xgboost](a.py)**' },
      {
        cell_type: 'code',
        source: 'automl_interactive_runner.select_candidate({})'
      },
      {
        cell_type: 'code',
        source:
          'class Runner:\n    def fit_data_transformers(self, parallel_jobs=2):\n        pass\n'
      },
      {
        cell_type: 'code',
        source:
          'tuner = sagemaker.tuner.HyperparameterTuner.create(\n    max_parallel_jobs=10,\n    max_jobs=250,\n)\n'
      }
    ];
    const plan = planTrim(cells, { parallelJobs: 3 }) as Trim;
    expect(plan.edits.map(e => [e.cellIndex, e.target])).toEqual([
      [3, 'tuner']
    ]);
    expect(plan.edits[0].after).toContain('max_jobs=8,');
    expect(plan.warnings.map(w => w.code)).toEqual([
      'fit-data-transformers-missing'
    ]);
  });

  it('leaves a value set by an expression, with a warning', () => {
    const cells: ICellLike[] = [
      { cell_type: 'markdown', source: '**[dpp0-xgboost](a.py)**' },
      {
        cell_type: 'code',
        source: 'automl_interactive_runner.select_candidate({})'
      },
      {
        cell_type: 'code',
        source:
          'tuner = HyperparameterTuner.create(\n    max_parallel_jobs=MAX_PARALLEL,\n    max_jobs=f(250),  # max_jobs=250\n)\n'
      }
    ];
    const plan = planTrim(cells) as Trim;
    expect(plan.edits).toEqual([]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        code: 'value-not-literal',
        cellIndex: 2,
        keyword: 'max_parallel_jobs',
        expression: 'MAX_PARALLEL'
      }),
      expect.objectContaining({ keyword: 'max_jobs', expression: 'f(250)' })
    ]);
  });

  it('handles a one-line call and nested calls', () => {
    const cells: ICellLike[] = [
      { cell_type: 'markdown', source: '**[dpp0-xgboost](a.py)**' },
      {
        cell_type: 'code',
        source: 'automl_interactive_runner.select_candidate({})'
      },
      {
        cell_type: 'code',
        source: 'HyperparameterTuner.create(a=g(max_jobs=3), max_jobs=250, **p)'
      }
    ];
    const edit = (planTrim(cells) as Trim).edits[0];
    expect(edit.after).toBe(
      'HyperparameterTuner.create(a=g(max_jobs=3), max_jobs=8, **p, max_parallel_jobs=4)'
    );
  });

  it('plans nothing for an already trimmed notebook', () => {
    const plan = trimPlan('hpo-classic.ipynb');
    const { applyPlanToCells } = jest.requireActual('../apply');
    const trimmed = applyPlanToCells(fixture('hpo-classic.ipynb').cells, plan);
    const again = planTrim(trimmed) as Trim;
    expect(again.changesAnything).toBe(false);
    expect(again.deleteIndices).toEqual([]);
    expect(again.edits).toEqual([]);
  });
});

describe('planTrim: idempotency', () => {
  it('also trims a candidate that removing another one brings together', () => {
    const select = 'automl_interactive_runner.select_candidate({})';
    const cells: ICellLike[] = [
      { cell_type: 'markdown', source: '**[dpp0-xgboost](a.py)**' },
      { cell_type: 'code', source: select },
      { cell_type: 'markdown', source: '**[dpp2-xgboost](c.py)**' },
      { cell_type: 'markdown', source: '**[dpp1-xgboost](b.py)**' },
      { cell_type: 'code', source: select },
      { cell_type: 'code', source: select }
    ];
    const plan = planTrim(cells) as Trim;
    expect(names(plan.removed)).toEqual(['dpp2-xgboost', 'dpp1-xgboost']);
    expect(plan.deleteIndices).toEqual([2, 3, 4, 5]);
    expect(names(plan.kept)).toEqual(['dpp0-xgboost']);
  });
});

describe('which candidates are commented out', () => {
  const header = (dpp: number) => ({
    cell_type: 'markdown',
    source: [
      `**[dpp${dpp}-xgboost](job-artifacts/generated_module/candidate_data_processors/dpp${dpp}.py)**: text`
    ]
  });
  const code = (source: string) => ({ cell_type: 'code', source });
  const tuner = code(
    'tuner = HyperparameterTuner.create(\n    max_parallel_jobs=2,\n    max_jobs=250,\n)'
  );
  const activity = (first: string) => {
    const plan = planTrim([
      header(0),
      code(first),
      header(1),
      code('automl_interactive_runner.select_candidate({"name": "dpp1"})'),
      tuner
    ]);
    if (plan.kind !== 'trim') {
      throw new Error(plan.message);
    }
    return plan.candidates[0].active;
  };

  it('counts a cell that starts with a comment as commented out, as the contract does', () => {
    expect(
      activity('# automl_interactive_runner.select_candidate({"name": "dpp0"})')
    ).toBe(false);
    expect(
      activity(
        '\n   # keep for later\nautoml_interactive_runner.select_candidate({"name": "dpp0"})'
      )
    ).toBe(false);
  });

  it('counts a cell that starts with code as active, even with a commented line later', () => {
    expect(
      activity(
        'automl_interactive_runner.select_candidate(\n    # the first pipeline\n    {"name": "dpp0"}\n)'
      )
    ).toBe(true);
  });
});
