import * as fs from 'fs';
import * as path from 'path';
import { ALGORITHM_NAME_PATTERN, checkTrimOptions } from '../../trim';
import { FALLBACK, readTrimSettings, withCommandArgs } from '../settings';

const schema = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', '..', 'schema', 'plugin.json'),
    'utf8'
  )
);

describe('the trim settings and the schema say the same thing', () => {
  it("uses the schema's defaults before the registry answers", () => {
    const defaults = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [
        key,
        (value as { default: unknown }).default
      ])
    );
    expect(readTrimSettings(null)).toEqual({
      ...defaults,
      // The schema's null ("leave it as it is") is undefined in the options.
      parallelJobs: undefined
    });
    expect(defaults.parallelJobs).toBeNull();
    expect(FALLBACK.maxJobs).toBe(schema.properties.maxJobs.default);
    expect(FALLBACK.maxParallelJobs).toBe(
      schema.properties.maxParallelJobs.default
    );
  });

  it('checks algorithm names with the schema pattern', () => {
    expect(schema.properties.algorithms.items.pattern).toBe(
      ALGORITHM_NAME_PATTERN
    );
    const schemaRule = new RegExp(schema.properties.algorithms.items.pattern);
    for (const name of [
      'xgboost',
      'linear-learner',
      'autogluon-2',
      '-mlp',
      'mlp-',
      'linear--learner',
      'XGBoost',
      'linear learner',
      ''
    ]) {
      expect({
        name,
        valid: checkTrimOptions({ algorithms: [name] }) === null
      }).toEqual({ name, valid: schemaRule.test(name) });
    }
  });

  it('lets command arguments override the settings', () => {
    expect(
      withCommandArgs(FALLBACK, { maxJobs: 3, confirm: false, other: 1 })
    ).toEqual({ ...FALLBACK, maxJobs: 3, confirm: false });
  });
});
