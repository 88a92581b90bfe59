import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import {
  checkTrimOptions,
  planTrim,
  type ICandidate,
  type ICellLike,
  type ITrimOptions,
  type ITrimPlan
} from '../trim';
import { optionErrorMessage, refusalMessage, warningMessage } from './messages';

export interface ITrimPreviewProps {
  cells: ReadonlyArray<ICellLike>;
  initial: ITrimOptions;
  trans: TranslationBundle;
  /** Called with the options the user settled on, or null while they are invalid. */
  onChange: (options: ITrimOptions | null) => void;
}

/** The form's raw text, so a half-typed number is not rejected on every keystroke. */
interface IFields {
  maxJobs: string;
  maxParallelJobs: string;
  parallelJobs: string;
}

function toFields(options: ITrimOptions): IFields {
  return {
    maxJobs: String(options.maxJobs ?? ''),
    maxParallelJobs: String(options.maxParallelJobs ?? ''),
    parallelJobs:
      options.parallelJobs === undefined ? '' : String(options.parallelJobs)
  };
}

function toOptions(fields: IFields, base: ITrimOptions): ITrimOptions {
  const parse = (text: string) => (text.trim() === '' ? NaN : Number(text));
  return {
    ...base,
    maxJobs: parse(fields.maxJobs),
    maxParallelJobs: parse(fields.maxParallelJobs),
    parallelJobs:
      fields.parallelJobs.trim() === '' ? undefined : parse(fields.parallelJobs)
  };
}

/**
 * Shows what a trim will do, and lets the tuner values be changed for this
 * run. The plan is recomputed from the cells on every change, so what is
 * shown is exactly what will be applied.
 */
export function TrimPreview(props: ITrimPreviewProps): JSX.Element {
  const { cells, initial, trans, onChange } = props;
  const [fields, setFields] = React.useState<IFields>(() => toFields(initial));

  const options = toOptions(fields, initial);
  const optionError = checkTrimOptions(options);
  const plan: ITrimPlan | null = optionError ? null : planTrim(cells, options);

  React.useEffect(() => {
    onChange(plan && plan.kind === 'trim' ? options : null);
  }, [fields]);

  const field = (
    key: keyof IFields,
    label: string,
    placeholder?: string
  ): JSX.Element => (
    <label className="jp-autopilot-TrimPreview-field">
      <span className="jp-autopilot-TrimPreview-fieldLabel">{label}</span>
      <input
        className="jp-mod-styled jp-autopilot-TrimPreview-input"
        type="number"
        min={1}
        step={1}
        name={key}
        aria-label={label}
        placeholder={placeholder}
        value={fields[key]}
        onChange={event =>
          setFields({ ...fields, [key]: event.currentTarget.value })
        }
      />
    </label>
  );

  return (
    <div
      className="jp-autopilot-TrimPreview"
      role="group"
      aria-label={trans.__('Trim preview')}
    >
      {plan?.kind === 'refuse' && (
        <p className="jp-autopilot-TrimPreview-error" role="alert">
          {refusalMessage(trans, plan)}
        </p>
      )}
      {plan?.kind === 'trim' && <PlanSummary plan={plan} trans={trans} />}
      <fieldset className="jp-autopilot-TrimPreview-values">
        <legend>{trans.__('Values for this run')}</legend>
        {field('maxJobs', 'max_jobs')}
        {field('maxParallelJobs', 'max_parallel_jobs')}
        {field(
          'parallelJobs',
          'fit_data_transformers parallel_jobs',
          trans.__('unchanged')
        )}
      </fieldset>
      {optionError && (
        <p className="jp-autopilot-TrimPreview-error" role="alert">
          {optionErrorMessage(trans, optionError)}
        </p>
      )}
      {plan?.kind === 'trim' && <PlanEdits plan={plan} trans={trans} />}
    </div>
  );
}

type TrimPlan = Extract<ITrimPlan, { kind: 'trim' }>;

function PlanSummary(props: {
  plan: TrimPlan;
  trans: TranslationBundle;
}): JSX.Element {
  const { plan, trans } = props;
  const kept = new Set(plan.kept.map(c => c.name));
  const removed = new Set(plan.removed.map(c => c.name));
  const action = (candidate: ICandidate) => {
    if (kept.has(candidate.name)) {
      return trans.__('Keep');
    }
    if (removed.has(candidate.name)) {
      return trans.__('Remove');
    }
    return trans.__('Left as is (commented out)');
  };
  const rowClass = (candidate: ICandidate) =>
    kept.has(candidate.name)
      ? 'jp-mod-kept'
      : removed.has(candidate.name)
        ? 'jp-mod-removed'
        : 'jp-mod-inactive';
  return (
    <>
      <p className="jp-autopilot-TrimPreview-summary">
        {trans._n(
          'Keeps %1 candidate and removes %2 (%3 cells).',
          'Keeps %1 candidates and removes %2 (%3 cells).',
          plan.kept.length,
          plan.removed.length,
          plan.deleteIndices.length
        )}
      </p>
      <table
        className="jp-autopilot-TrimPreview-candidates"
        aria-label={trans.__('Candidates')}
      >
        <thead>
          <tr>
            <th scope="col">{trans.__('Candidate')}</th>
            <th scope="col">{trans.__('Algorithm')}</th>
            <th scope="col">{trans.__('Action')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.candidates.map(candidate => (
            <tr
              key={`${candidate.markdownIndex}`}
              className={rowClass(candidate)}
              data-candidate={candidate.name}
            >
              <td>{candidate.name}</td>
              <td>{candidate.algorithm}</td>
              <td>{action(candidate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function PlanEdits(props: {
  plan: TrimPlan;
  trans: TranslationBundle;
}): JSX.Element {
  const { plan, trans } = props;
  const target = (name: string) =>
    name === 'tuner' ? 'HyperparameterTuner.create' : 'fit_data_transformers';
  const changes = plan.edits.flatMap(edit =>
    edit.changes.map(change => ({
      key: `${edit.cellIndex}-${change.keyword}`,
      text:
        change.from === null
          ? trans.__(
              '%1: add %2=%3',
              target(edit.target),
              change.keyword,
              change.to
            )
          : trans.__(
              '%1: %2 %3 → %4',
              target(edit.target),
              change.keyword,
              change.from,
              change.to
            )
    }))
  );
  return (
    <>
      <ul
        className="jp-autopilot-TrimPreview-edits"
        aria-label={trans.__('Edits')}
      >
        {changes.length === 0 && (
          <li>{trans.__('No value changes: they are already set.')}</li>
        )}
        {changes.map(change => (
          <li key={change.key}>{change.text}</li>
        ))}
      </ul>
      {plan.warnings.length > 0 && (
        <ul
          className="jp-autopilot-TrimPreview-warnings"
          aria-label={trans.__('Warnings')}
        >
          {plan.warnings.map((warning, index) => (
            <li key={index}>{warningMessage(trans, warning)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
