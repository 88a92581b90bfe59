import type { TranslationBundle } from '@jupyterlab/translation';
import type { AutopilotError } from '../aws/errors';

/** A typed error put into the user's language: a headline and the next step. */
export interface IErrorText {
  title: string;
  nextStep: string;
}

/**
 * Translates an error of the AWS layer by its kind. AWS's own message stays
 * as AWS wrote it and is shown beside this text.
 */
export function errorText(
  trans: TranslationBundle,
  error: AutopilotError
): IErrorText {
  const d = error.details;
  switch (error.kind) {
    case 'resource-limit-exceeded':
      return {
        title: trans.__('A SageMaker service quota is reached'),
        nextStep: d.quota
          ? trans.__(
              'Lower max_parallel_jobs, or request a quota increase for "%1" in Service Quotas.',
              d.quota
            )
          : trans.__(
              'Lower max_parallel_jobs, or request a quota increase in Service Quotas.'
            )
      };
    case 'throttling':
      return {
        title: trans.__('AWS is throttling requests'),
        nextStep: trans.__(
          'The request was retried with backoff and still throttled. Wait a minute, then try again.'
        )
      };
    case 'access-denied':
      return {
        title: trans.__('Permission denied'),
        nextStep: d.action
          ? trans.__(
              "The role the Jupyter server uses lacks %1. Add it to the role's policy, then try again.",
              d.action
            )
          : trans.__(
              "The role the Jupyter server uses lacks a permission. Add it to the role's policy, then try again."
            )
      };
    case 'validation':
      return {
        title: trans.__('AWS rejected the request'),
        nextStep: trans.__(
          'Correct the value the message names, then try again.'
        )
      };
    case 'not-found':
      return {
        title: trans.__('Not found'),
        nextStep: trans.__(
          'Check the name and the region; it may have been deleted.'
        )
      };
    case 'conflict':
      return {
        title: trans.__('The resource is in use or already exists'),
        nextStep: trans.__('Choose another name, or wait and try again.')
      };
    case 'no-credentials':
    case 'invalid-credentials':
      return {
        title: trans.__('The Jupyter server has no usable AWS credentials'),
        nextStep: trans.__(
          'Give the Jupyter server credentials (a SageMaker execution role, aws configure or aws sso login, or AWS_* environment variables) and restart it, or start it with the offline sandbox.'
        )
      };
    case 'server-extension-missing':
      return {
        title: trans.__('The Autopilot server extension is not running'),
        nextStep: trans.__(
          'Run pip install jupyterlab_autopilot and jupyter server extension enable jupyterlab_autopilot, then restart JupyterLab.'
        )
      };
    case 'server-extension-mismatch':
      return {
        title: trans.__('The Autopilot server extension has another version'),
        nextStep: trans.__(
          'The server runs %1 and the page %2. Install one version of jupyterlab_autopilot, restart JupyterLab and reload the page.',
          d.serverVersion ?? '?',
          d.frontendVersion ?? '?'
        )
      };
    case 'network':
    case 'upstream-unreachable':
    case 'timeout':
    case 'service-error':
      return {
        title: trans.__('AWS could not be reached'),
        nextStep: trans.__(
          'Check the network of the Jupyter server, then try again.'
        )
      };
    case 'jupyter-auth':
      return {
        title: trans.__('Jupyter refused the request'),
        nextStep: trans.__('Your session may have expired: reload the page.')
      };
    case 'body-too-large':
    case 'proxy-rejected':
      return {
        title: trans.__('The Jupyter server refused the request'),
        nextStep: trans.__('See the message for what to change.')
      };
    case 'aborted':
      return {
        title: trans.__('Cancelled'),
        nextStep: trans.__('Nothing more to do.')
      };
    default:
      return {
        title: trans.__('Something went wrong'),
        nextStep: trans.__('See the message, then try again.')
      };
  }
}
