/** The local sandbox's fault injection, for the AWS error paths. */

const SIMULATOR = `http://127.0.0.1:${process.env.AUTOPILOT_SIMULATOR_PORT}`;

export interface IFault {
  action: string;
  error?: string;
  count?: number;
  latencyMs?: number;
  message?: string;
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
