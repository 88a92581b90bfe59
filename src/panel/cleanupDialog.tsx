import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { ICleanupItem } from '../workflow/cleanupPlan';
import { formatHourly, totalHourlyUsd } from '../workflow/prices';
import { kindLabel } from './cleanupText';

/**
 * The clean-up's confirmation: every resource it will stop or delete, by
 * name, with the estimated hourly cost of what runs. Nothing happens
 * without it.
 */
export async function confirmCleanup(
  trans: TranslationBundle,
  items: ICleanupItem[],
  sandbox: boolean
): Promise<boolean> {
  if (items.length === 0) {
    await showDialog({
      title: trans.__('Nothing to clean up'),
      body: trans.__(
        'The workflow has nothing left to stop or delete. Local files are never deleted.'
      ),
      buttons: [Dialog.okButton({ label: trans.__('OK') })]
    });
    return false;
  }
  const { knownUsd, unknownCount } = totalHourlyUsd(
    items.map(i => i.estimatedHourlyUsd)
  );
  const body = (
    <div className="jp-autopilot-CleanupDialog">
      <p>
        {trans._n(
          'This stops or deletes %1 resource. It cannot be undone.',
          'This stops or deletes %1 resources. It cannot be undone.',
          items.length
        )}
      </p>
      <ul aria-label={trans.__('Resources to stop or delete')}>
        {items.map(item => (
          <li key={`${item.kind}:${item.name}`} data-kind={item.kind}>
            <span className="jp-autopilot-CleanupDialog-kind">
              {kindLabel(trans, item.kind)}
            </span>{' '}
            <code>{item.name}</code>{' '}
            <span className="jp-autopilot-CleanupDialog-action">
              {item.action === 'stop' ? trans.__('stop') : trans.__('delete')}
            </span>
            {' · '}
            <span className="jp-autopilot-Cost">
              {formatHourly(trans, item.estimatedHourlyUsd)}
            </span>
          </li>
        ))}
      </ul>
      <p className="jp-autopilot-CleanupDialog-total">
        {unknownCount > 0
          ? trans.__(
              'Running now: about $%1 per hour, plus %2 of unknown cost (estimate).',
              knownUsd.toFixed(3),
              unknownCount
            )
          : trans.__(
              'Running now: about $%1 per hour (estimate).',
              knownUsd.toFixed(3)
            )}
      </p>
      {sandbox && (
        <p className="jp-autopilot-Hint">
          {trans.__('(This is the local sandbox: nothing is billed.)')}
        </p>
      )}
    </div>
  );
  const answer = await showDialog({
    title: trans.__('Stop and delete what the workflow made?'),
    body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: trans.__('Clean Up') })
    ],
    defaultButton: 0
  });
  return answer.button.accept;
}
