import type { TranslationBundle } from '@jupyterlab/translation';
import type { AutopilotError, AutopilotErrorKind } from '../aws/errors';

/**
 * A typed error put into the user's language: a headline, what happened (for
 * the Details dialog), and the next step.
 */
export interface IErrorText {
  title: string;
  /** What happened, translated, followed by AWS's or the server's own words. */
  message: string;
  nextStep: string;
}

/** Kinds whose original words come from AWS, rather than from the proxy, Jupyter or the browser. */
const FROM_AWS = new Set<AutopilotErrorKind>([
  'resource-limit-exceeded',
  'throttling',
  'access-denied',
  'validation',
  'not-found',
  'conflict',
  'invalid-credentials',
  'service-error'
]);

/**
 * `IErrorText`'s message in its two parts, for views that show AWS's or the
 * server's own words apart (e.g. folded under Details) from the translation.
 */
export interface IErrorParts {
  title: string;
  /** What happened, translated; null when only the original words say it. */
  what: string | null;
  /** "AWS said: …" or "Original message: …", translated around the words. */
  said: string | null;
  nextStep: string;
}

/**
 * Every sentence a user reads about an error of the AWS layer, by kind: the
 * one place for that text (`aws/errors.ts` only classifies). AWS's own words
 * stay as AWS wrote them, after the translated sentence.
 */
export function errorText(
  trans: TranslationBundle,
  error: AutopilotError
): IErrorText {
  const { title, what, said, nextStep } = errorParts(trans, error);
  return {
    title,
    message: [what, said].filter(Boolean).join('\n\n') || error.message,
    nextStep
  };
}

export function errorParts(
  trans: TranslationBundle,
  error: AutopilotError
): IErrorParts {
  const { title, what, nextStep } = byKind(trans, error);
  const original = error.details.originalMessage;
  const said =
    original && original !== what
      ? FROM_AWS.has(error.kind)
        ? trans.__('AWS said: %1', original)
        : trans.__('Original message: %1', original)
      : null;
  return { title, what, said, nextStep };
}

function byKind(
  trans: TranslationBundle,
  error: AutopilotError
): { title: string; what: string | null; nextStep: string } {
  const d = error.details;
  switch (error.kind) {
    case 'resource-limit-exceeded':
      return {
        title: trans.__('A SageMaker service quota is reached'),
        what: d.quota
          ? trans.__('The request would exceed the quota "%1".', d.quota)
          : null,
        nextStep: quotaNextStep(trans, error)
      };
    case 'throttling':
      return {
        title: trans.__('AWS is throttling requests'),
        what:
          d.attempts && d.attempts > 1
            ? trans._n(
                'AWS is limiting the request rate; it was tried %1 time with backoff.',
                'AWS is limiting the request rate; it was tried %1 times with backoff.',
                d.attempts
              )
            : trans.__('AWS is limiting the request rate.'),
        nextStep: trans.__(
          'The request was retried with backoff and still throttled. Wait a minute, then try again.'
        )
      };
    case 'access-denied': {
      const who = d.principal ?? trans.__("The Jupyter server's AWS identity");
      return {
        title: trans.__('Permission denied'),
        what: d.action
          ? d.resource
            ? trans.__(
                '%1 is not allowed to perform %2 on %3.',
                who,
                d.action,
                d.resource
              )
            : trans.__('%1 is not allowed to perform %2.', who, d.action)
          : null,
        // The resource is in the message (Details): an ARN would push the
        // headline out of the toast.
        nextStep: d.action
          ? trans.__(
              "The role the Jupyter server uses lacks %1. Add it to the role's policy, then try again.",
              d.action
            )
          : trans.__(
              "The role the Jupyter server uses lacks a permission. Add it to the role's policy, then try again."
            )
      };
    }
    case 'validation':
      return {
        title: trans.__('AWS rejected the request'),
        what: null,
        nextStep: trans.__(
          'Correct the value the message names, then try again.'
        )
      };
    case 'not-found':
      return {
        title: trans.__('Not found'),
        what: notFoundWhat(trans, error),
        nextStep: trans.__(
          'Check the name and the region; it may have been deleted.'
        )
      };
    case 'conflict':
      return {
        title: trans.__('The resource is in use or already exists'),
        what: null,
        nextStep: trans.__('Choose another name, or wait and try again.')
      };
    case 'no-credentials':
    case 'invalid-credentials':
      return {
        title: trans.__('The Jupyter server has no usable AWS credentials'),
        what:
          error.kind === 'invalid-credentials'
            ? trans.__(
                "AWS did not accept the Jupyter server's credentials: they are invalid or expired."
              )
            : trans.__(
                'The Jupyter server found no AWS credentials to sign requests with.'
              ),
        nextStep: trans.__(
          'Give the Jupyter server credentials (a SageMaker execution role, aws configure or aws sso login, or AWS_* environment variables) and restart it, or start it with the offline sandbox.'
        )
      };
    case 'server-extension-missing':
      return {
        title: trans.__('The Autopilot server extension is not running'),
        what: trans.__(
          'The Jupyter server does not answer the Autopilot routes, so the jupyterlab_autopilot server extension is not installed or not enabled.'
        ),
        nextStep: trans.__(
          'Run pip install jupyterlab_autopilot and jupyter server extension enable jupyterlab_autopilot, then restart JupyterLab.'
        )
      };
    case 'server-extension-mismatch':
      return {
        title: trans.__('The Autopilot server extension has another version'),
        what: null,
        nextStep: trans.__(
          'The server runs %1 and the page %2. Run pip install jupyterlab_autopilot==%2 in the environment that runs Jupyter, then restart JupyterLab and reload the page.',
          d.serverVersion ?? '?',
          d.frontendVersion ?? '?'
        )
      };
    case 'network':
      // The browser's own request failed: AWS was never involved.
      return {
        title: trans.__('The Jupyter server could not be reached'),
        what: trans.__('The request did not reach the Jupyter server.'),
        nextStep: trans.__(
          'Check that the Jupyter server is still running and that this browser can reach it, then try again.'
        )
      };
    case 'upstream-unreachable':
      // The proxy answered for AWS: the server-side way to AWS is broken,
      // which the browser's network settings cannot fix.
      return {
        title: trans.__("The Jupyter server's AWS proxy could not reach AWS"),
        what:
          d.code === 'UpstreamBroken'
            ? trans.__(
                "AWS's answer to the Jupyter server broke off or was malformed."
              )
            : trans.__(
                'The Jupyter server got no answer from AWS: the connection failed, or closed before AWS answered.'
              ),
        nextStep: trans.__(
          'Try again in a moment. If it keeps failing, check the network of the Jupyter server (not of this browser): its HTTPS_PROXY and NO_PROXY variables, its AWS_ENDPOINT_URL settings, and any proxy or load balancer between it and AWS.'
        )
      };
    case 'timeout':
      return {
        title: trans.__('AWS could not be reached'),
        what:
          d.statusCode === 504 || d.code === 'UpstreamTimeout'
            ? trans.__('The Jupyter server gave up waiting for AWS.')
            : trans.__('The request timed out.'),
        nextStep: trans.__(
          'Check the network of the Jupyter server, then try again.'
        )
      };
    case 'service-error':
      // AWS was reached and answered: nothing to fix on this side.
      return {
        title: trans.__('AWS had an internal error'),
        what: null,
        nextStep: trans.__('Wait a moment, then try again.')
      };
    case 'jupyter-auth':
      return {
        title: trans.__('Jupyter refused the request'),
        what: trans.__(
          'The Jupyter server refused the request (HTTP %1).',
          d.statusCode ?? '?'
        ),
        nextStep: trans.__('Your session may have expired: reload the page.')
      };
    case 'body-too-large':
    case 'proxy-rejected':
      return {
        title: trans.__('The Jupyter server refused the request'),
        what:
          error.kind === 'body-too-large'
            ? trans.__("The Jupyter server refused the request's size.")
            : trans.__(
                'The Autopilot proxy refused the request (%1).',
                d.code ?? '?'
              ),
        nextStep: trans.__('See the message for what to change.')
      };
    case 'aborted':
      return {
        title: trans.__('Cancelled'),
        what: trans.__('The request was cancelled.'),
        nextStep: trans.__('Nothing more to do.')
      };
    default:
      return {
        title: trans.__('Something went wrong'),
        what: null,
        nextStep: trans.__('See the message, then try again.')
      };
  }
}

/**
 * What frees room under a reached quota depends on what asked for it: a new
 * AutoML job waits for (or stops) a running one; training instances come
 * back when the notebook runs fewer jobs at once.
 */
function quotaNextStep(
  trans: TranslationBundle,
  error: AutopilotError
): string {
  const { quota, operation } = error.details;
  if (/^CreateAutoMLJob/.test(operation ?? '')) {
    return quota
      ? trans.__(
          'Wait for a running AutoML job of the account to end, or stop one, or request a quota increase for "%1" in Service Quotas; then try again.',
          quota
        )
      : trans.__(
          'Wait for a running AutoML job of the account to end, or stop one, or request a quota increase in Service Quotas; then try again.'
        );
  }
  return quota
    ? trans.__(
        'Lower max_parallel_jobs, or request a quota increase for "%1" in Service Quotas.',
        quota
      )
    : trans.__(
        'Lower max_parallel_jobs, or request a quota increase in Service Quotas.'
      );
}

function notFoundWhat(
  trans: TranslationBundle,
  error: AutopilotError
): string | null {
  const { code, service } = error.details;
  if (code === 'NoSuchBucket') {
    return trans.__('The S3 bucket does not exist.');
  }
  if (code === 'NoSuchKey' || (code === 'NotFound' && service === 's3')) {
    return trans.__('The S3 object does not exist.');
  }
  if (code === 'NoSuchUpload') {
    return trans.__('The multipart upload does not exist any more.');
  }
  return null;
}
