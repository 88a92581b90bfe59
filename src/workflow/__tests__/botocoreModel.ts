/**
 * botocore's SageMaker service model from the project's virtualenv, the
 * service's own statement of its enums and rules; null without a virtualenv.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export function sageMakerServiceModel(): any | null {
  const lib = path.resolve(__dirname, '../../../.venv/lib');
  if (!fs.existsSync(lib)) {
    return null;
  }
  for (const python of fs.readdirSync(lib)) {
    const dir = path.join(
      lib,
      python,
      'site-packages',
      'botocore',
      'data',
      'sagemaker'
    );
    if (fs.existsSync(dir)) {
      for (const version of fs.readdirSync(dir).sort().reverse()) {
        const file = path.join(dir, version, 'service-2.json.gz');
        if (fs.existsSync(file)) {
          return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString());
        }
      }
    }
  }
  return null;
}
