import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';
import { CommandIDs } from '../../tokens';
import type { IDeployedEndpoint } from '../../workflow/deployStep';
import { formatHourly } from '../../workflow/prices';
import type { IDeploySteps } from '../deploySteps';

export interface IDeploymentSectionProps {
  deploySteps: IDeploySteps;
  trans: TranslationBundle;
  execute: (id: string, args?: Record<string, unknown>) => Promise<unknown>;
}

/**
 * The Deployment step's section: the endpoints the workflow deployed, with
 * status, size, times and estimated cost, and a test request of one row.
 * It looks again each time it is shown.
 */
export class DeploymentSectionWidget extends ReactWidget {
  constructor(private readonly _props: IDeploymentSectionProps) {
    super();
    this.addClass('jp-autopilot-DeploymentSection');
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._find();
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    if (this.isVisible) {
      this._find();
    }
  }

  private _find(): void {
    // The error stays on the model, which the view shows.
    void this._props.deploySteps.deploy.refresh().catch(() => undefined);
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._props.deploySteps.deploy.changed}>
        {() => <DeploymentSection {...this._props} />}
      </UseSignal>
    );
  }
}

function time(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toLocaleString();
}

function DeploymentSection(props: IDeploymentSectionProps): JSX.Element {
  const { trans, deploySteps } = props;
  const deploy = deploySteps.deploy;
  const endpoints = deploy.endpoints;
  return (
    <div className="jp-autopilot-Section-body">
      <p className="jp-autopilot-Hint">
        {trans.__(
          'The endpoints deployed from this workflow’s models (the candidate notebook deploys the best one with PipelineModel.deploy), found by the workflow’s tag or by their models’ artifacts under the job’s output.'
        )}
      </p>
      <button
        type="button"
        className="jp-mod-styled jp-autopilot-FindEndpoints"
        onClick={() => void props.execute(CommandIDs.listEndpoints)}
      >
        {trans.__('Look Again')}
      </button>
      {deploy.error && (
        <div className="jp-autopilot-Error" role="alert">
          {deploy.error.message}
        </div>
      )}
      {endpoints.length === 0 && !deploy.error && (
        <p className="jp-autopilot-Hint jp-autopilot-NoEndpoints">
          {trans.__(
            'No endpoint of this workflow yet. Run the candidate notebook’s deployment, then look again.'
          )}
        </p>
      )}
      {endpoints.length > 0 && (
        <ul
          className="jp-autopilot-Endpoints"
          aria-label={trans.__('Endpoints of the workflow')}
        >
          {endpoints.map(e => (
            <EndpointItem key={e.name} endpoint={e} trans={trans} />
          ))}
        </ul>
      )}
      {endpoints.some(e => e.status === 'InService') && (
        <TestRequest {...props} />
      )}
    </div>
  );
}

function EndpointItem(props: {
  endpoint: IDeployedEndpoint;
  trans: TranslationBundle;
}): JSX.Element {
  const { endpoint: e, trans } = props;
  return (
    <li
      className="jp-autopilot-Endpoint"
      data-endpoint={e.name}
      data-status={e.status}
    >
      <div className="jp-autopilot-EndpointName">
        <code>{e.name}</code>
        <span className="jp-autopilot-EndpointStatus">{e.status}</span>
      </div>
      {e.failureReason && (
        <div className="jp-autopilot-Error">{e.failureReason}</div>
      )}
      <div>
        {trans.__(
          '%1 × %2',
          e.count,
          e.instanceType ?? trans.__('(no instance type)')
        )}
      </div>
      <div className="jp-autopilot-Cost" data-estimate={e.estimatedHourlyUsd}>
        {formatHourly(trans, e.estimatedHourlyUsd)}
      </div>
      <div className="jp-autopilot-FieldNote">
        {trans.__(
          'Created %1 · last modified %2',
          time(e.creationTime),
          time(e.lastModifiedTime)
        )}
      </div>
    </li>
  );
}

type TestOutcome =
  | { kind: 'predicted' }
  | { kind: 'failed'; reason: string }
  | { kind: 'sending' }
  | null;

/** One row to an InService endpoint: by its number in the validation file, or typed. */
function TestRequest(props: IDeploymentSectionProps): JSX.Element {
  const { trans, deploySteps } = props;
  const deploy = deploySteps.deploy;
  const inService = deploy.endpoints.filter(e => e.status === 'InService');
  const [name, setName] = React.useState(inService[0]?.name ?? '');
  const [source, setSource] = React.useState<'index' | 'typed'>(
    deploySteps.workflowId() ? 'index' : 'typed'
  );
  const [index, setIndex] = React.useState('0');
  const [typed, setTyped] = React.useState('');
  const [outcome, setOutcome] = React.useState<TestOutcome>(null);
  const chosen = inService.some(e => e.name === name)
    ? name
    : (inService[0]?.name ?? '');
  const last = deploy.lastTest;
  const send = async () => {
    setOutcome({ kind: 'sending' });
    const row = source === 'index' ? Number(index) : typed;
    const answer = (await props.execute(CommandIDs.testEndpoint, {
      name: chosen,
      row
    })) as { status: string; reason?: string };
    setOutcome(
      answer.status === 'predicted'
        ? { kind: 'predicted' }
        : { kind: 'failed', reason: answer.reason ?? '' }
    );
  };
  const indexValid = /^\d+$/.test(index);
  return (
    <form
      className="jp-autopilot-TestRequest"
      aria-label={trans.__('Test request')}
      onSubmit={event => {
        event.preventDefault();
        void send();
      }}
    >
      <div className="jp-autopilot-Field">
        <label>
          {trans.__('Endpoint')}
          <select
            className="jp-mod-styled"
            value={chosen}
            onChange={event => setName(event.target.value)}
          >
            {inService.map(e => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="jp-autopilot-RowSource">
        <legend>
          {trans.__('Row to send (text/csv, without the target)')}
        </legend>
        <label>
          <input
            type="radio"
            name="jp-autopilot-row-source"
            checked={source === 'index'}
            onChange={() => setSource('index')}
          />
          {trans.__('Validation row number')}
        </label>
        <input
          type="number"
          min={0}
          className="jp-mod-styled jp-autopilot-RowIndex"
          aria-label={trans.__('Validation row number, from 0')}
          value={index}
          disabled={source !== 'index'}
          onChange={event => setIndex(event.target.value)}
        />
        <label>
          <input
            type="radio"
            name="jp-autopilot-row-source"
            checked={source === 'typed'}
            onChange={() => setSource('typed')}
          />
          {trans.__('Typed row')}
        </label>
        <input
          type="text"
          className="jp-mod-styled jp-autopilot-TypedRow"
          aria-label={trans.__('A row of comma-separated values')}
          placeholder={trans.__('comma-separated values')}
          value={typed}
          disabled={source !== 'typed'}
          onChange={event => setTyped(event.target.value)}
        />
      </fieldset>
      <button
        type="submit"
        className="jp-mod-styled jp-mod-accept jp-autopilot-SendRow"
        disabled={
          !chosen ||
          outcome?.kind === 'sending' ||
          (source === 'index' ? !indexValid : !typed.trim())
        }
      >
        {outcome?.kind === 'sending'
          ? trans.__('Sending…')
          : trans.__('Send Test Request')}
      </button>
      {outcome?.kind === 'failed' && (
        <div className="jp-autopilot-Error" role="alert">
          {outcome.reason}
        </div>
      )}
      {outcome?.kind === 'predicted' && last && (
        <div
          className="jp-autopilot-Result jp-autopilot-Prediction"
          data-result="predicted"
          role="status"
        >
          <div>
            {trans.__('Prediction:')} <code>{last.prediction}</code>
          </div>
          <div className="jp-autopilot-FieldNote">
            {trans.__(
              'HTTP %1 · %2 ms · %3',
              last.httpStatus,
              last.latencyMs,
              last.contentType ?? trans.__('no content type')
            )}
          </div>
        </div>
      )}
    </form>
  );
}
