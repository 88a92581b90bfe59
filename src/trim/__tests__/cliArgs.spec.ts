import { CliUsageError, parseCliArgs } from '../cliArgs';

describe('parseCliArgs', () => {
  it('parses every option, with = or a separate value', () => {
    expect(
      parseCliArgs([
        'nb.ipynb',
        '-o',
        'out.ipynb',
        '--max-jobs=10',
        '--max-parallel-jobs',
        '5',
        '--parallel-jobs',
        '2',
        '--algorithms',
        'xgboost, linear-learner',
        '--dry-run',
        '--json'
      ])
    ).toEqual({
      input: 'nb.ipynb',
      output: 'out.ipynb',
      options: {
        maxJobs: 10,
        maxParallelJobs: 5,
        parallelJobs: 2,
        algorithms: ['xgboost', 'linear-learner']
      },
      dryRun: true,
      json: true
    });
    expect(parseCliArgs(['nb.ipynb'])).toEqual({
      input: 'nb.ipynb',
      output: null,
      options: {},
      dryRun: false,
      json: false
    });
    expect(parseCliArgs(['--output=-', '--', '-odd.ipynb'])).toMatchObject({
      input: '-odd.ipynb',
      output: '-'
    });
    expect(parseCliArgs(['x', '--help'])).toBe('help');
  });

  it.each([
    [[], /Give the notebook/],
    [['a', 'b'], /one notebook only/],
    [['a', '--max-jobs'], /--max-jobs needs a value/],
    [['a', '--max-jobs', 'ten'], /whole number of at least 1, not "ten"/],
    [['a', '--max-jobs', '-1'], /whole number/],
    [['a', '--max-jobs', '2', '--max-jobs', '3'], /given twice/],
    [['a', '--algorithms', 'xgboost,'], /names separated by commas/],
    [
      ['a', '--max-job', '3'],
      /Unknown option --max-job\. Did you mean --max-jobs\?/
    ],
    [['a', '--verbose'], /See autopilot-trim --help/],
    [['a', '--json', '-o', '-'], /both write to standard output/],
    [['a', '--dry-run=yes'], /takes no value/]
  ])('%p is a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv as string[])).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv as string[])).toThrow(message);
  });
});
