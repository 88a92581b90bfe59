/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The AWS SDK's "browser" builds are ES modules that jest does not transform;
// its Node builds are CommonJS.
import { loadAws } from '../lazy';

describe('loadAws', () => {
  it('loads the AWS layer once', async () => {
    const first = loadAws();
    const second = loadAws();
    expect(second).toBe(first);
    const aws = await first;
    expect(typeof aws.createSageMakerClient).toBe('function');
    expect(typeof aws.createS3Client).toBe('function');
    expect(typeof aws.uploadFile).toBe('function');
    expect(typeof aws.toAutopilotError).toBe('function');
    expect(await loadAws()).toBe(aws);
  });
});
