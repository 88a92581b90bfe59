import type { TranslationBundle } from '@jupyterlab/translation';
import type { CleanupGroup, CleanupKind } from '../workflow/cleanupPlan';
import type { CleanupResult } from '../workflow/cleanupStep';

/** What each kind of resource is called in the plan, the dialog and the results. */
export function kindLabel(trans: TranslationBundle, kind: CleanupKind): string {
  switch (kind) {
    case 'automl-job':
      return trans.__('AutoML job');
    case 'tuning-job':
      return trans.__('Tuning job');
    case 'training-job':
      return trans.__('Training job');
    case 'processing-job':
      return trans.__('Processing job');
    case 'transform-job':
      return trans.__('Transform job');
    case 'endpoint':
      return trans.__('Endpoint');
    case 'endpoint-config':
      return trans.__('Endpoint config');
    case 'model':
      return trans.__('Model');
    case 's3-prefix':
      return trans.__('S3 objects');
    case 'local-file':
      return trans.__('Local file');
  }
}

export function groupLabel(
  trans: TranslationBundle,
  group: CleanupGroup
): string {
  switch (group) {
    case 'jobs':
      return trans.__('Running jobs: to stop');
    case 'endpoints':
      return trans.__('Endpoints: to delete');
    case 'configs-and-models':
      return trans.__('Endpoint configs and models: to delete');
    case 's3':
      return trans.__('S3 objects under the job’s output (optional)');
    case 'local':
      return trans.__('Local files: kept, listed only');
  }
}

export function resultLabel(
  trans: TranslationBundle,
  result: CleanupResult
): string {
  switch (result) {
    case 'stopped':
      return trans.__('stopped');
    case 'stopping':
      return trans.__('stopping');
    case 'deleted':
      return trans.__('deleted');
    case 'deleting':
      return trans.__('deleting');
    case 'kept':
      return trans.__('kept');
    case 'skipped':
      return trans.__('skipped');
    case 'failed':
      return trans.__('failed');
  }
}
