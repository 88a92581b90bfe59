/** The local sandbox's fault injection, for the AWS error paths. */

/** The sandbox's SageMaker endpoint, which other AWS clients of the account call directly. */
export const SIMULATOR = `http://127.0.0.1:${process.env.AUTOPILOT_SIMULATOR_PORT}`;

export interface IFault {
  action: string;
  error?: string;
  count?: number;
  latencyMs?: number;
  message?: string;
  /** Close the connection without answering, instead of an AWS error. */
  drop?: boolean;
}

export async function injectFault(fault: IFault): Promise<void> {
  const response = await fetch(`${SIMULATOR}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fault)
  });
  if (!response.ok) {
    throw new Error(`fault not injected: ${response.status}`);
  }
}

export async function clearFaults(): Promise<void> {
  await fetch(`${SIMULATOR}/_sandbox/faults`, { method: 'DELETE' });
}

/** A fault rule as the simulator reports it, with how often it fired. */
export interface IReportedFault extends IFault {
  fired: number;
}

/** Every rule since the last clear, active or spent, with its fired count. */
export async function reportedFaults(): Promise<IReportedFault[]> {
  const response = await fetch(`${SIMULATOR}/_sandbox/faults`);
  if (!response.ok) {
    throw new Error(`faults not listed: ${response.status}`);
  }
  const { faults, spent } = await response.json();
  return [...faults, ...spent];
}
