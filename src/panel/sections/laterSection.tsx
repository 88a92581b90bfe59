import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

/**
 * A step whose issue has not landed yet: it says what it will do and after
 * which step, and offers nothing that would pretend to work.
 */
export class LaterSectionWidget extends ReactWidget {
  constructor(
    private readonly _what: string,
    private readonly _when: string
  ) {
    super();
    this.addClass('jp-autopilot-LaterSection');
  }

  protected render(): JSX.Element {
    return (
      <div className="jp-autopilot-Section-body">
        <p>{this._what}</p>
        <p className="jp-autopilot-Hint">{this._when}</p>
      </div>
    );
  }
}
