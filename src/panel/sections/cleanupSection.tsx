import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import { CommandIDs } from '../../tokens';
import {
  cleanupItemNote,
  type CleanupGroup,
  type ICleanupItem
} from '../../workflow/cleanupPlan';
import { formatHourly } from '../../workflow/prices';
import { groupLabel, kindLabel, resultLabel } from '../cleanupText';
import type { IDeploySteps } from '../deploySteps';
import { formatBytes } from '../format';

export interface ICleanupSectionProps {
  deploySteps: IDeploySteps;
  trans: TranslationBundle;
  execute: (id: string, args?: Record<string, unknown>) => Promise<unknown>;
}

const GROUPS: CleanupGroup[] = [
  'jobs',
  'endpoints',
  'configs-and-models',
  's3',
  'local'
];

/**
 * The Clean-up step's section: one button plans what the workflow made
 * that still exists, in groups with their costs; a second one stops and
 * deletes it after a dialog, and shows each item's result.
 */
export class CleanupSectionWidget extends ReactWidget {
  constructor(private readonly _props: ICleanupSectionProps) {
    super();
    this.addClass('jp-autopilot-CleanupSection');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._props.deploySteps.cleanup.changed}>
        {() => <CleanupSection {...this._props} />}
      </UseSignal>
    );
  }
}

function CleanupSection(props: ICleanupSectionProps): JSX.Element {
  const { trans, deploySteps } = props;
  const session = deploySteps.cleanup;
  const [includeS3, setIncludeS3] = React.useState(false);
  const busy = session.phase === 'planning' || session.phase === 'cleaning';
  const items = session.items;
  const actionable = (items ?? []).filter(i => i.action !== 'keep');
  const results = session.results;
  return (
    <div className="jp-autopilot-Section-body">
      <p className="jp-autopilot-Hint">
        {trans.__(
          'Only what this workflow made: found by its tag or by lineage from its AutoML job, never by a name that looks alike. Nothing is stopped or deleted before a dialog names it.'
        )}
      </p>
      <button
        type="button"
        className={`jp-mod-styled ${items ? '' : 'jp-mod-accept'} jp-autopilot-PlanCleanup`}
        disabled={busy}
        onClick={() => void props.execute(CommandIDs.planCleanup)}
      >
        {session.phase === 'planning'
          ? trans.__('Looking…')
          : items
            ? trans.__('Look Again')
            : trans.__('Find What the Workflow Made')}
      </button>
      {session.error && (
        <div className="jp-autopilot-Error" role="alert">
          {session.error}
        </div>
      )}
      {items && actionable.length === 0 && (
        <p className="jp-autopilot-Result jp-autopilot-NothingLeft">
          {trans.__('Nothing of the workflow is left to stop or delete.')}
        </p>
      )}
      {items &&
        GROUPS.map(group => (
          <PlanGroup
            key={group}
            group={group}
            items={items.filter(i => i.group === group)}
            trans={trans}
            includeS3={includeS3}
            setIncludeS3={setIncludeS3}
          />
        ))}
      {items && actionable.length > 0 && (
        <button
          type="button"
          className="jp-mod-styled jp-mod-warn jp-autopilot-RunCleanup"
          disabled={busy}
          onClick={() => void props.execute(CommandIDs.cleanup, { includeS3 })}
        >
          {session.phase === 'cleaning'
            ? trans.__('Cleaning up…')
            : trans.__('Clean Up…')}
        </button>
      )}
      {results && (
        <div
          className="jp-autopilot-Result jp-autopilot-CleanupResults"
          data-result={results.status}
          role="status"
          aria-live="polite"
        >
          <div>
            {results.status === 'cleaned'
              ? trans.__('Clean-up done.')
              : trans.__(
                  'Clean-up partly done: run it again to finish what failed.'
                )}
          </div>
          <ul aria-label={trans.__('Clean-up results')}>
            {results.items
              .filter(i => i.result !== 'kept')
              .map(i => (
                <li
                  key={`${i.kind}:${i.name}`}
                  data-kind={i.kind}
                  data-name={i.name}
                  data-result={i.result}
                >
                  {kindLabel(trans, i.kind)} <code>{i.name}</code>:{' '}
                  <strong>{resultLabel(trans, i.result)}</strong>
                  {i.reason && (
                    <div className="jp-autopilot-FieldNote">{i.reason}</div>
                  )}
                </li>
              ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function PlanGroup(props: {
  group: CleanupGroup;
  items: ICleanupItem[];
  trans: TranslationBundle;
  includeS3: boolean;
  setIncludeS3: (value: boolean) => void;
}): JSX.Element | null {
  const { group, items, trans } = props;
  if (items.length === 0) {
    return null;
  }
  const label = groupLabel(trans, group);
  return (
    <section
      className="jp-autopilot-PlanGroup"
      data-group={group}
      aria-label={label}
    >
      <h4>{label}</h4>
      <ul>
        {items.map(item => {
          const note = cleanupItemNote(item, trans);
          return (
            <li
              key={`${item.kind}:${item.name}`}
              data-kind={item.kind}
              data-name={item.name}
            >
              {item.kind === 's3-prefix' ? (
                <label>
                  <input
                    type="checkbox"
                    className="jp-autopilot-IncludeS3"
                    checked={props.includeS3}
                    onChange={event => props.setIncludeS3(event.target.checked)}
                  />{' '}
                  {trans.__('Also delete these S3 objects')}{' '}
                  <code>{item.name}</code>{' '}
                  {trans.__(
                    '(%1, %2)',
                    item.objectCount ?? 0,
                    formatBytes(item.totalBytes ?? 0)
                  )}
                </label>
              ) : (
                <span>
                  {kindLabel(trans, item.kind)} <code>{item.name}</code>
                </span>
              )}
              {item.action !== 'keep' && (
                <span className="jp-autopilot-Cost">
                  {' · '}
                  {formatHourly(trans, item.estimatedHourlyUsd)}
                </span>
              )}
              {note && <div className="jp-autopilot-FieldNote">{note}</div>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
