import { nullTranslator } from '@jupyterlab/translation';
import { datasetErrorText } from '../datasetErrorText';

const trans = nullTranslator.load('jupyterlab_autopilot');

/** Every error code of the REST contract, and the step's own refusals. */
const CODES = [
  'not-found',
  'path-outside-root',
  'empty-file',
  'header-only',
  'duplicate-header',
  'empty-header',
  'malformed-row',
  'not-utf8',
  'binary-file',
  'target-not-found',
  'too-few-rows',
  'fraction-out-of-range',
  'object-exists',
  'bucket-missing',
  'task-not-found',
  'busy',
  'no-dataset',
  'not-split',
  'no-bucket',
  'no-prefix',
  'bucket-not-created',
  'not-overwritten',
  'no-path',
  'seed-invalid',
  'cancelled',
  'task-lost',
  'network',
  'too-many-classes',
  'file-changed',
  'invalid-bucket',
  'bucket-exists',
  'task-running',
  's3-unreachable'
];

describe('datasetErrorText', () => {
  it.each(CODES)('has its own sentence for %s', code => {
    const text = datasetErrorText(trans, {
      code,
      message: 'SERVER MESSAGE'
    });
    expect(text).not.toContain('SERVER MESSAGE');
    expect(text.length).toBeGreaterThan(20);
  });

  it("quotes S3's own message beside its code", () => {
    expect(
      datasetErrorText(trans, {
        code: 's3-error',
        awsCode: 'SlowDown',
        message: 'Reduce your request rate.'
      })
    ).toBe('S3 refused the request (SlowDown): Reduce your request rate.');
  });

  it('says the line where it applies', () => {
    expect(
      datasetErrorText(trans, {
        code: 'malformed-row',
        message: '',
        line: 12,
        expected: 21,
        fields: 20
      })
    ).toMatch(/^Line 12: .*\(20 \/ 21\)/);
  });

  it("shows the server's message for codes it does not know", () => {
    expect(
      datasetErrorText(trans, { code: 'new-code', message: 'Do X.' })
    ).toBe('Do X.');
  });
});
