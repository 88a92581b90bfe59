import type { IServerErrorBody } from './serverApi';

/** What a step's section header shows. */
export type StepStatus = 'not-started' | 'working' | 'done' | 'failed';

/**
 * Why a step's action did not happen: a refusal (nothing was changed), a
 * failure of the server's work, or a cancellation. `code` is a stable
 * error code of the REST contract (`malformed-row`, `object-exists`…) or of
 * the step (`busy`, `no-dataset`…); the panel translates it.
 */
export interface IStepError extends IServerErrorBody {
  /** `refused`: nothing changed; `failed`: the work failed; `cancelled`: the user stopped it. */
  outcome: 'refused' | 'failed' | 'cancelled';
}

export class StepError extends Error {
  constructor(readonly error: IStepError) {
    super(error.message);
    this.name = 'StepError';
  }

  get code(): string {
    return this.error.code;
  }
}

/** A refusal: the step does nothing and says why. */
export function refusal(
  code: string,
  message: string,
  extra: Partial<IServerErrorBody> = {}
): StepError {
  return new StepError({ ...extra, code, message, outcome: 'refused' });
}
