import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import type { IAutopilotContextModel } from '../../tokens';
import { CommandIDs } from '../../tokens';
import type { DatasetStep } from '../../workflow/datasetStep';
import type { IColumnProfile, IProfileResult } from '../../workflow/serverApi';
import { datasetErrorText, warningText } from '../datasetErrorText';
import { formatBytes, percent } from '../format';
import type { IPanelSettings } from '../panelSettings';
import { fraction, progressText } from '../progressNotifier';

export interface IDatasetSectionProps {
  step: DatasetStep;
  context: IAutopilotContextModel;
  trans: TranslationBundle;
  /** Runs a command: the section's buttons do what the palette does. */
  execute: (id: string, args: Record<string, unknown>) => Promise<unknown>;
  listFiles: () => Promise<string[]>;
  settings: () => IPanelSettings;
}

/** The Dataset step's section of the panel. */
export class DatasetSectionWidget extends ReactWidget {
  constructor(private readonly _props: IDatasetSectionProps) {
    super();
    this.addClass('jp-autopilot-DatasetSection');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._props.step.changed}>
        {() => <DatasetSection {...this._props} />}
      </UseSignal>
    );
  }
}

function DatasetSection(props: IDatasetSectionProps): JSX.Element {
  const { step, trans } = props;
  const { profile, split, upload, path } = step.state;
  const busy = step.phase !== 'idle';
  return (
    <div className="jp-autopilot-Section-body">
      <FilePicker {...props} busy={busy} current={path} />
      {profile && <ProfileView trans={trans} profile={profile} />}
      {profile && (
        <SplitForm
          key={`${profile.path}:${profile.bytes}`}
          {...props}
          profile={profile}
          busy={busy}
        />
      )}
      {split && (
        <div className="jp-autopilot-Result" data-result="split">
          {trans.__(
            'Split: %1 train rows, %2 validation rows (target %3, seed %4).',
            split.train.rows,
            split.validation.rows,
            split.target,
            split.seed
          )}
        </div>
      )}
      {split && <UploadForm key={split.path} {...props} busy={busy} />}
      {busy && <Progress step={step} trans={trans} />}
      {step.error && (
        <div className="jp-autopilot-Error" role="alert">
          {datasetErrorText(trans, step.error)}
        </div>
      )}
      {upload && (
        <div className="jp-autopilot-Result" data-result="upload">
          <div>{trans.__('Uploaded, tagged with the workflow:')}</div>
          <code className="jp-autopilot-Uri">{upload.train}</code>
          <code className="jp-autopilot-Uri">{upload.validation}</code>
        </div>
      )}
    </div>
  );
}

function FilePicker(
  props: IDatasetSectionProps & { busy: boolean; current: string | null }
): JSX.Element {
  const { trans } = props;
  const [files, setFiles] = React.useState<string[] | null>(null);
  const [chosen, setChosen] = React.useState<string>(props.current ?? '');
  const refresh = React.useCallback(() => {
    void props.listFiles().then(list => {
      setFiles(list);
      setChosen(previous =>
        previous && list.includes(previous) ? previous : (list[0] ?? '')
      );
    });
  }, [props.listFiles]);
  React.useEffect(refresh, [refresh]);
  React.useEffect(() => {
    if (props.current) {
      setChosen(props.current);
    }
  }, [props.current]);
  const options = files ?? [];
  if (chosen && !options.includes(chosen)) {
    options.unshift(chosen);
  }
  return (
    <div className="jp-autopilot-Row">
      <label className="jp-autopilot-Field">
        <span>{trans.__('Dataset file (CSV)')}</span>
        <select
          className="jp-mod-styled jp-autopilot-FileSelect"
          value={chosen}
          disabled={props.busy}
          onChange={event => setChosen(event.target.value)}
        >
          {files === null && (
            <option value="">{trans.__('Looking for CSV files…')}</option>
          )}
          {files !== null && !options.length && (
            <option value="">
              {trans.__('No CSV or TXT file in the workspace')}
            </option>
          )}
          {options.map(file => (
            <option key={file} value={file}>
              {file}
            </option>
          ))}
        </select>
      </label>
      <div className="jp-autopilot-Buttons">
        <button
          type="button"
          className="jp-mod-styled jp-autopilot-RefreshFiles"
          onClick={refresh}
          title={trans.__('Look for CSV files again')}
          aria-label={trans.__('Look for CSV files again')}
        >
          {trans.__('Refresh')}
        </button>
        <button
          type="button"
          className="jp-mod-styled jp-mod-accept jp-autopilot-UseDataset"
          disabled={props.busy || !chosen}
          onClick={() =>
            void props.execute(CommandIDs.useDataset, { path: chosen })
          }
        >
          {trans.__('Use as Dataset')}
        </button>
      </div>
    </div>
  );
}

function ProfileView(props: {
  trans: TranslationBundle;
  profile: IProfileResult;
}): JSX.Element {
  const { trans, profile } = props;
  const suggested = new Set(profile.suggestedTargets.map(t => t.name));
  // Suggested targets first, in the server's order; then the file's order.
  const columns = [
    ...profile.suggestedTargets
      .map(t => profile.columns.find(c => c.name === t.name))
      .filter((c): c is IColumnProfile => !!c),
    ...profile.columns.filter(c => !suggested.has(c.name))
  ];
  return (
    <div className="jp-autopilot-Profile">
      <div className="jp-autopilot-ProfileSummary">
        {trans.__(
          '%1: %2 rows, %3 columns, %4.',
          profile.path,
          profile.rows.toLocaleString(),
          profile.columns.length,
          formatBytes(profile.bytes)
        )}
      </div>
      {!!profile.sampledRows && (
        <div className="jp-autopilot-Hint">
          {trans.__(
            'Every row was checked; the column statistics come from an even sample of %1 rows.',
            profile.sampledRows.toLocaleString()
          )}
        </div>
      )}
      {profile.warnings.map((w, i) => (
        <div key={i} className="jp-autopilot-Warning">
          {warningText(trans, w)}
        </div>
      ))}
      <table className="jp-autopilot-ProfileTable">
        <caption className="jp-autopilot-VisuallyHidden">
          {trans.__('Columns of the dataset')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{trans.__('Column')}</th>
            <th scope="col">{trans.__('Type')}</th>
            <th scope="col">{trans.__('Missing')}</th>
            <th scope="col">{trans.__('Distinct')}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map(c => (
            <tr
              key={c.name}
              data-column={c.name}
              className={suggested.has(c.name) ? 'jp-mod-suggested' : undefined}
            >
              <th scope="row">
                {c.name}
                {suggested.has(c.name) && (
                  <span className="jp-autopilot-Badge">
                    {trans.__('target?')}
                  </span>
                )}
              </th>
              <td>{typeLabel(trans, c.type)}</td>
              <td>{c.missing.toLocaleString()}</td>
              <td>
                {c.distinctEstimated ? '≈ ' : ''}
                {c.distinct.toLocaleString()}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function typeLabel(trans: TranslationBundle, type: string): string {
  switch (type) {
    case 'numeric':
      return trans.__('numeric');
    case 'categorical':
      return trans.__('categorical');
    case 'text':
      return trans.__('text');
    case 'datetime':
      return trans.__('date/time');
    default:
      return type;
  }
}

function SplitForm(
  props: IDatasetSectionProps & { profile: IProfileResult; busy: boolean }
): JSX.Element {
  const { trans, profile } = props;
  const defaults = props.settings();
  const [target, setTarget] = React.useState(
    props.step.state.split?.target ??
      profile.suggestedTargets[0]?.name ??
      profile.header[profile.header.length - 1] ??
      ''
  );
  const [fractionText, setFraction] = React.useState(
    String(defaults.validationFraction)
  );
  const [seedText, setSeed] = React.useState(String(defaults.seed));
  const [stratify, setStratify] = React.useState(defaults.stratify);
  const column = profile.columns.find(c => c.name === target);
  const suggestion = profile.suggestedTargets.find(t => t.name === target);
  return (
    <div
      className="jp-autopilot-SplitForm"
      role="group"
      aria-label={trans.__('Split')}
    >
      <label className="jp-autopilot-Field">
        <span>{trans.__('Target (the column to predict)')}</span>
        <select
          className="jp-mod-styled jp-autopilot-TargetSelect"
          value={target}
          disabled={props.busy}
          onChange={event => setTarget(event.target.value)}
        >
          {profile.header.map(name => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {suggestion && (
        <div className="jp-autopilot-Hint">
          {problemTypeLabel(trans, suggestion.problemType)}
        </div>
      )}
      {column && (
        <ClassBalance trans={trans} column={column} rows={profile.rows} />
      )}
      <div className="jp-autopilot-Row">
        <label className="jp-autopilot-Field jp-mod-narrow">
          <span>{trans.__('Validation fraction')}</span>
          <input
            className="jp-mod-styled jp-autopilot-Fraction"
            type="number"
            min={0.01}
            max={0.99}
            step={0.05}
            value={fractionText}
            disabled={props.busy}
            onChange={event => setFraction(event.target.value)}
          />
        </label>
        <label className="jp-autopilot-Field jp-mod-narrow">
          <span>{trans.__('Seed')}</span>
          <input
            className="jp-mod-styled jp-autopilot-Seed"
            type="number"
            min={0}
            step={1}
            value={seedText}
            disabled={props.busy}
            onChange={event => setSeed(event.target.value)}
          />
        </label>
      </div>
      <label className="jp-autopilot-Check">
        <input
          type="checkbox"
          className="jp-autopilot-Stratify"
          checked={stratify}
          disabled={props.busy}
          onChange={event => setStratify(event.target.checked)}
        />
        {trans.__('Stratify on the target (same class balance in both files)')}
      </label>
      <button
        type="button"
        className="jp-mod-styled jp-mod-accept jp-autopilot-Split"
        disabled={props.busy || !target}
        onClick={() =>
          void props.execute(CommandIDs.splitDataset, {
            target,
            validationFraction: Number(fractionText),
            seed: Number(seedText),
            stratify
          })
        }
      >
        {trans.__('Split')}
      </button>
    </div>
  );
}

function problemTypeLabel(trans: TranslationBundle, type: string): string {
  switch (type) {
    case 'BinaryClassification':
      return trans.__('Suggested: binary classification');
    case 'MulticlassClassification':
      return trans.__('Suggested: multiclass classification');
    case 'Regression':
      return trans.__('Suggested: regression');
    default:
      return type;
  }
}

/** The chosen target's most frequent values: the class balance. */
function ClassBalance(props: {
  trans: TranslationBundle;
  column: IColumnProfile;
  rows: number;
}): JSX.Element | null {
  const { trans, column, rows } = props;
  const values = column.topValues ?? [];
  if (!values.length || column.type === 'numeric') {
    return null;
  }
  return (
    <table className="jp-autopilot-Balance">
      <caption>{trans.__('Class balance of %1', column.name)}</caption>
      <tbody>
        {values.slice(0, 10).map(([value, count]) => (
          <tr key={value}>
            <th scope="row">{value === '' ? trans.__('(empty)') : value}</th>
            <td>{count.toLocaleString()}</td>
            <td>{percent(count, rows)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UploadForm(
  props: IDatasetSectionProps & { busy: boolean }
): JSX.Element {
  const { trans, step, context } = props;
  const configured = props.settings().bucket;
  const [bucket, setBucket] = React.useState(
    step.state.upload?.bucket ??
      (configured || context.context?.defaultBucket || '')
  );
  const [prefix, setPrefix] = React.useState(
    step.state.upload?.prefix ?? step.defaultPrefix() ?? ''
  );
  React.useEffect(() => {
    // The context may arrive after the section was drawn.
    const fill = () =>
      setBucket(b => b || configured || context.context?.defaultBucket || '');
    context.changed.connect(fill);
    void context.ensure();
    return () => {
      context.changed.disconnect(fill);
    };
  }, [context]);
  return (
    <div
      className="jp-autopilot-UploadForm"
      role="group"
      aria-label={trans.__('Upload')}
    >
      <label className="jp-autopilot-Field">
        <span>{trans.__('S3 bucket')}</span>
        <input
          className="jp-mod-styled jp-autopilot-Bucket"
          value={bucket}
          disabled={props.busy}
          spellCheck={false}
          onChange={event => setBucket(event.target.value)}
        />
      </label>
      <label className="jp-autopilot-Field">
        <span>{trans.__('S3 prefix')}</span>
        <input
          className="jp-mod-styled jp-autopilot-Prefix"
          value={prefix}
          disabled={props.busy}
          spellCheck={false}
          onChange={event => setPrefix(event.target.value)}
        />
      </label>
      <div className="jp-autopilot-Hint">
        {trans.__(
          'Files go to s3://%1/%2/train/ and …/validation/.',
          bucket,
          prefix
        )}
      </div>
      <button
        type="button"
        className="jp-mod-styled jp-mod-accept jp-autopilot-Upload"
        disabled={props.busy || !bucket || !prefix}
        onClick={() =>
          void props.execute(CommandIDs.uploadDataset, { bucket, prefix })
        }
      >
        {trans.__('Upload to S3')}
      </button>
    </div>
  );
}

function Progress(props: {
  step: DatasetStep;
  trans: TranslationBundle;
}): JSX.Element {
  const { step, trans } = props;
  const value = fraction(step.progress);
  // A split of a file not profiled yet profiles it first: the server says which.
  const serverPhase = step.progress?.phase;
  const label = phaseLabel(
    trans,
    serverPhase && serverPhase !== 'starting' ? serverPhase : step.phase
  );
  return (
    <div className="jp-autopilot-Progress" role="status" aria-live="polite">
      <span>
        {label} {step.progress ? progressText(trans, step.progress) : ''}
      </span>
      <progress
        max={1}
        value={value}
        aria-label={label}
        className="jp-autopilot-ProgressBar"
      />
      <button
        type="button"
        className="jp-mod-styled jp-mod-reject jp-autopilot-Cancel"
        onClick={() => step.cancel()}
        disabled={step.phase === 'checking-bucket'}
      >
        {trans.__('Cancel')}
      </button>
    </div>
  );
}

function phaseLabel(trans: TranslationBundle, phase: string): string {
  switch (phase) {
    case 'profiling':
      return trans.__('Profiling…');
    case 'splitting':
      return trans.__('Splitting…');
    case 'checking-bucket':
      return trans.__('Checking the bucket…');
    default:
      return trans.__('Uploading…');
  }
}
