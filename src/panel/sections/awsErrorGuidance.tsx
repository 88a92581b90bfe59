import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { isAutopilotError } from '../../aws/errors';
import { errorParts } from '../../connection/errorText';

/**
 * An AWS-layer error as guidance: the headline, what happened and the next
 * step, all translated; AWS's or the server's own words folded under
 * Details when the translation already says what happened (they are often
 * long and English, and the proxy's repeat a next step of their own).
 */
export function AwsErrorGuidance(props: {
  error: unknown;
  trans: TranslationBundle;
}): JSX.Element {
  const { error, trans } = props;
  if (!isAutopilotError(error)) {
    return (
      <div className="jp-autopilot-ErrorText">
        {String((error as Error)?.message ?? error)}
      </div>
    );
  }
  const { title, what, said, nextStep } = errorParts(trans, error);
  return (
    <div className="jp-autopilot-ErrorText">
      <div className="jp-autopilot-ErrorTitle">{title}</div>
      <div>{what ?? said ?? error.message}</div>
      <div>{nextStep}</div>
      {what && said && (
        <details className="jp-autopilot-Details">
          <summary>{trans.__('Details')}</summary>
          {said}
        </details>
      )}
    </div>
  );
}
