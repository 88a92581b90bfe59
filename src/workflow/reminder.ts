/**
 * The reminder when JupyterLab opens: the workflow's endpoints still
 * `InService` bill by the hour. Pure: the view shows the message as a
 * `Notification` with the clean-up as its action.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import {
  PRICE_TABLE_DATE,
  totalHourlyUsd,
  type HourlyEstimate
} from './prices';

export interface IEndpointReminder {
  /** The translated message. */
  message: string;
  endpoints: string[];
  /** Known estimates summed; `unknownCount` endpoints had none. */
  estimatedHourlyUsd: number;
  unknownCount: number;
}

export function endpointReminder(
  endpoints: ReadonlyArray<{
    name: string;
    status: string;
    estimatedHourlyUsd: HourlyEstimate;
  }>,
  trans: TranslationBundle
): IEndpointReminder | null {
  const running = endpoints.filter(e => e.status === 'InService');
  if (running.length === 0) {
    return null;
  }
  const names = running.map(e => e.name);
  const { knownUsd, unknownCount } = totalHourlyUsd(
    running.map(e => e.estimatedHourlyUsd)
  );
  const cost =
    unknownCount === running.length
      ? trans.__('at a cost the price table does not know')
      : unknownCount > 0
        ? trans.__(
            'for about $%1 per hour, plus %2 of unknown cost (estimate, prices of %3)',
            knownUsd.toFixed(3),
            unknownCount,
            PRICE_TABLE_DATE
          )
        : trans.__(
            'for about $%1 per hour (estimate, prices of %2)',
            knownUsd.toFixed(3),
            PRICE_TABLE_DATE
          );
  const message = trans._n(
    'The workflow still has an endpoint in service, %2, billing %3. Clean up when you are done.',
    'The workflow still has %1 endpoints in service, %2, billing %3. Clean up when you are done.',
    running.length,
    names.join(', '),
    cost
  );
  return {
    message,
    endpoints: names,
    estimatedHourlyUsd: knownUsd,
    unknownCount
  };
}
