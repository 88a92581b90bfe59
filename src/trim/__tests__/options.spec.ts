import {
  DEFAULT_MAX_JOBS,
  DEFAULT_MAX_PARALLEL_JOBS,
  KNOWN_ALGORITHMS,
  TrimOptionsError,
  checkTrimOptions,
  planTrim,
  resolveTrimOptions
} from '../index';

describe('trim options', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_MAX_JOBS).toBe(8);
    expect(DEFAULT_MAX_PARALLEL_JOBS).toBe(4);
    expect(KNOWN_ALGORITHMS).toEqual(['xgboost', 'linear-learner', 'mlp']);
    expect(resolveTrimOptions()).toEqual({
      maxJobs: 8,
      maxParallelJobs: 4,
      parallelJobs: null,
      algorithms: null
    });
  });

  it.each([
    ['maxJobs', 0],
    ['maxJobs', -1],
    ['maxJobs', 2.5],
    ['maxJobs', NaN],
    ['maxJobs', 1e21],
    ['maxParallelJobs', 0],
    ['parallelJobs', Infinity],
    ['parallelJobs', '3']
  ])('rejects %s = %p as not a positive integer', (field, value) => {
    const error = checkTrimOptions({ [field]: value } as any);
    expect(error).toBeInstanceOf(TrimOptionsError);
    expect(error).toMatchObject({ field, code: 'not-positive-integer', value });
    expect(error!.message).toMatch(/whole number of at least 1/);
  });

  it('rejects max_parallel_jobs above max_jobs', () => {
    const error = checkTrimOptions({ maxJobs: 2, maxParallelJobs: 3 });
    expect(error).toMatchObject({
      field: 'maxParallelJobs',
      code: 'parallel-exceeds-max'
    });
    expect(error!.message).toBe(
      'max_parallel_jobs (3) must not exceed max_jobs (2): lower max_parallel_jobs or raise max_jobs.'
    );
    expect(checkTrimOptions({ maxParallelJobs: 9 })).toMatchObject({
      code: 'parallel-exceeds-max'
    });
  });

  it('shrinks the default max_parallel_jobs to a small max_jobs', () => {
    expect(checkTrimOptions({ maxJobs: 2 })).toBeNull();
    expect(resolveTrimOptions({ maxJobs: 2 }).maxParallelJobs).toBe(2);
    expect(
      resolveTrimOptions({ maxJobs: 3, maxParallelJobs: 3 })
    ).toMatchObject({ maxJobs: 3, maxParallelJobs: 3 });
  });

  it('accepts unknown but well-formed algorithm names, and deduplicates', () => {
    expect(checkTrimOptions({ algorithms: ['autogluon-2'] })).toBeNull();
    expect(
      resolveTrimOptions({ algorithms: ['mlp', 'xgboost', 'mlp'] }).algorithms
    ).toEqual(['mlp', 'xgboost']);
    expect(resolveTrimOptions({ algorithms: [] }).algorithms).toBeNull();
  });

  it('rejects malformed algorithm names with a hint', () => {
    expect(checkTrimOptions({ algorithms: ['XGBoost'] })).toMatchObject({
      field: 'algorithms',
      code: 'invalid-algorithm',
      value: 'XGBoost'
    });
    expect(checkTrimOptions({ algorithms: ['XGBoost'] })!.message).toMatch(
      /Did you mean "xgboost"\?/
    );
    expect(
      checkTrimOptions({ algorithms: ['linear learner'] })!.message
    ).toMatch(/Known algorithms: xgboost, linear-learner, mlp/);
  });

  it('makes planTrim throw before it reads any cell', () => {
    expect(() => planTrim([], { maxJobs: 0 })).toThrow(TrimOptionsError);
  });
});
