import type { TranslationBundle } from '@jupyterlab/translation';
import type { IServerErrorBody, IWarning } from '../workflow/serverApi';

/**
 * The sentence the user reads for an error of the dataset step: what
 * happened and what to do, by the contract's stable code. The server's own
 * (English) message is shown beside it only for codes not known here.
 */
export function datasetErrorText(
  trans: TranslationBundle,
  error: IServerErrorBody
): string {
  const text = knownText(trans, error);
  if (text === null) {
    return error.message || trans.__('Something went wrong.');
  }
  return typeof error.line === 'number'
    ? trans.__('Line %1: %2', error.line, text)
    : text;
}

function knownText(
  trans: TranslationBundle,
  error: IServerErrorBody
): string | null {
  switch (error.code) {
    case 'not-found':
      return trans.__(
        'The file does not exist any more. Choose another file, or refresh the list.'
      );
    case 'path-outside-root':
      return trans.__(
        "The file is outside JupyterLab's root folder. Copy it into the workspace, then use the copy."
      );
    case 'empty-file':
      return trans.__(
        'The file is empty. Autopilot needs a header line and at least one row of data.'
      );
    case 'header-only':
      return trans.__(
        'The file has a header but no rows. Add the data rows, then try again.'
      );
    case 'duplicate-header':
      return trans.__(
        'Two columns have the same name%1. Rename one in the header line: Autopilot needs unique column names.',
        error.name ? ` ("${error.name}")` : ''
      );
    case 'empty-header':
      return trans.__(
        'A column has no name in the header line. Give every column a name: Autopilot needs them.'
      );
    case 'malformed-row':
      return trans.__(
        'This row has a different number of fields than the header%1. Fix the row (a missing or extra comma, or an unclosed quote), then try again.',
        typeof error.expected === 'number' && typeof error.fields === 'number'
          ? ` (${error.fields} / ${error.expected})`
          : ''
      );
    case 'not-utf8':
      return trans.__(
        'The file is not UTF-8 text. Save it as UTF-8 (e.g. in a spreadsheet: CSV UTF-8), then try again.'
      );
    case 'binary-file':
      return trans.__(
        'This is not a text file. Choose a CSV file: comma-separated values with a header line.'
      );
    case 'target-not-found':
      return trans.__(
        'The dataset has no column "%1". Choose the target from the list of columns.',
        String(error.target ?? '')
      );
    case 'too-few-rows':
      return trans.__(
        'The dataset has too few rows to split into train and validation data. Autopilot needs more rows.'
      );
    case 'fraction-out-of-range':
      return trans.__(
        'The validation fraction must be between 0 and 1 (0.2 keeps a fifth of the rows for validation).'
      );
    case 'too-many-classes':
      return trans.__(
        'The target "%1" has too many distinct values to stratify on. Split without stratifying, or choose a classification target.',
        String(error.target ?? '')
      );
    case 'file-changed':
      return trans.__(
        'The file changed after it was profiled. Use it as the dataset again, then split.'
      );
    case 'invalid-bucket':
      return trans.__(
        'This is not an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.'
      );
    case 'bucket-exists':
      return trans.__(
        'The bucket %1 exists already, perhaps in another account. Choose another name.',
        String(error.bucket ?? '')
      );
    case 'task-running':
      return trans.__(
        'This step of the workflow is already running on the server, perhaps from another tab. Wait for it, or cancel it.'
      );
    case 'invalid-params':
      return trans.__('The server refused a value: %1', error.message);
    case 'seed-invalid':
      return trans.__('The seed must be a whole number, 0 or more.');
    case 'object-exists':
      return trans.__(
        'These objects exist already: %1. Upload again and allow replacing them, or choose another prefix.',
        (error.keys ?? []).join(', ')
      );
    case 'not-overwritten':
      return trans.__(
        'The objects in S3 exist already and were kept. Choose another prefix to upload beside them.'
      );
    case 'bucket-missing':
      return trans.__(
        'The bucket %1 does not exist. Create it, or choose another bucket.',
        String(error.bucket ?? '')
      );
    case 'bucket-not-created':
      return trans.__(
        'The bucket %1 does not exist and was not created. Choose another bucket, or allow creating it.',
        String(error.bucket ?? '')
      );
    case 'no-bucket':
      return trans.__(
        'No bucket is known: the Jupyter server reports no default bucket. Enter a bucket name.'
      );
    case 'no-prefix':
      return trans.__('The S3 prefix is empty. Enter a prefix.');
    case 'access-denied':
      return trans.__(
        "The Jupyter server's AWS role may not do this. Add the permission the message names to its policy, then try again."
      );
    case 'task-not-found':
    case 'task-lost':
      return trans.__(
        'The Jupyter server no longer knows this task: it was probably restarted. Run the step again.'
      );
    case 'busy':
      return trans.__(
        'The dataset step is already working. Wait for it, or cancel it first.'
      );
    case 'no-path':
      return trans.__(
        'No file was given. Select a CSV file in the file browser, or choose one in the Autopilot panel.'
      );
    case 'no-dataset':
      return trans.__('Choose a dataset first: there is nothing to split.');
    case 'not-split':
      return trans.__(
        'Split the dataset first: the server has no split of it to upload (splits are kept in its temporary folder, which may have been emptied). Split again, then upload.'
      );
    case 's3-error':
      return trans.__(
        'S3 refused the request (%1): %2',
        String(error.awsCode ?? '?'),
        error.message
      );
    case 's3-unreachable':
      return trans.__(
        'The Jupyter server could not reach S3. Check its network, then try again.'
      );
    case 'cancelled':
      return trans.__('Cancelled. Nothing was left behind.');
    case 'network':
      return trans.__(
        'The Jupyter server could not be reached. Check that it is running, then try again.'
      );
    case 'http-404':
      return trans.__(
        'The Autopilot server extension does not answer. Run jupyter server extension enable jupyterlab_autopilot, then restart JupyterLab.'
      );
    default:
      return null;
  }
}

/** A profile warning, translated by its code where known. */
export function warningText(
  trans: TranslationBundle,
  warning: IWarning
): string {
  let text: string;
  switch (warning.code) {
    case 'bom':
      text = trans.__(
        'The file starts with a byte-order mark; the train and validation data are uploaded without it.'
      );
      break;
    case 'mixed-line-endings':
      text = trans.__(
        'The file mixes line endings; the train and validation data use LF only.'
      );
      break;
    case 'quoted-newlines':
      text = trans.__(
        'A quoted field spans lines; it is kept quoted in the train and validation data. If Autopilot rejects it, remove the line breaks inside the field.'
      );
      break;
    case 'blank-lines':
      text = trans.__('Blank lines were skipped.');
      break;
    case 'few-rows':
      text = trans.__(
        'The file has fewer rows than Autopilot needs: its data analysis stops with fewer than 500. Add rows before you start a job.'
      );
      break;
    default:
      text = warning.message;
  }
  return typeof warning.line === 'number'
    ? trans.__('Line %1: %2', warning.line, text)
    : text;
}
