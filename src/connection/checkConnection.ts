import { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IAutopilotContextModel } from '../tokens';
import { toAutopilotError } from '../aws/errors';
import { loadAws } from '../aws/lazy';
import { notify, notifyUpdate } from '../notify';
import { errorText } from './errorText';

/** What the connection check found, for scripts and tests that run it by id. */
export interface IConnectionReport {
  ok: boolean;
  sandbox?: boolean;
  region?: string;
  account?: string | null;
  executionRoleArn?: string | null;
  defaultBucket?: string | null;
  defaultBucketExists?: boolean | null;
  autoMLJobs?: number;
  error?: { kind: string; message: string };
}

/**
 * `autopilot:check-connection`: checks every link from the page to AWS — the
 * server extension, its credentials, SageMaker and S3 through the signing
 * proxy — and says which one is broken and how to fix it.
 */
export async function checkConnection(
  trans: TranslationBundle,
  contextModel: IAutopilotContextModel
): Promise<IConnectionReport> {
  const id = notify(
    trans,
    'in-progress',
    trans.__('Checking the connection to AWS…'),
    {
      autoClose: false
    }
  );
  try {
    const aws = await loadAws();
    const connection = ServerConnection.makeSettings();
    await aws.checkServerExtension(connection);
    // Refreshed through its owner, so the status bar shows what the check found.
    const context = await contextModel.refresh();
    if (!context) {
      throw contextModel.error;
    }
    const credentials = aws.contextCredentialsError(context);
    if (credentials) {
      throw credentials;
    }
    const options = { connection, region: context.region };
    const sagemaker = aws.createSageMakerClient(options);
    const jobs = await sagemaker.send(
      new aws.ListAutoMLJobsCommand({ MaxResults: 10 })
    );
    let bucketExists = context.defaultBucketExists;
    if (context.defaultBucket) {
      const s3 = aws.createS3Client(options);
      bucketExists = await s3
        .send(new aws.HeadBucketCommand({ Bucket: context.defaultBucket }))
        .then(() => true)
        .catch(error => {
          if (toAutopilotError(error).kind === 'not-found') {
            return false;
          }
          throw error;
        });
    }
    const where = context.sandbox
      ? trans.__('the local AWS sandbox (simulated, nothing is billed)')
      : trans.__(
          'AWS account %1 in %2',
          context.account ?? '?',
          context.region
        );
    notifyUpdate(
      trans,
      id,
      'success',
      trans.__(
        'Connected to %1. Execution role: %2. Default bucket: %3.',
        where,
        context.executionRoleArn ?? trans.__('none found'),
        context.defaultBucket
          ? `${context.defaultBucket} (${bucketExists ? trans.__('exists') : trans.__('not created yet')})`
          : trans.__('unknown')
      ),
      { autoClose: 10000 }
    );
    return {
      ok: true,
      sandbox: context.sandbox,
      region: context.region,
      account: context.account,
      executionRoleArn: context.executionRoleArn,
      defaultBucket: context.defaultBucket,
      defaultBucketExists: bucketExists,
      autoMLJobs: jobs.AutoMLJobSummaries?.length ?? 0
    };
  } catch (reason) {
    const error = toAutopilotError(reason);
    const text = errorText(trans, error);
    notifyUpdate(trans, id, 'error', text.nextStep, {
      autoClose: false,
      title: text.title,
      details: text.message
    });
    return { ok: false, error: { kind: error.kind, message: error.message } };
  }
}
