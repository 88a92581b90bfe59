/**
 * Where the workflow's state lives in `IStateDB`. Apart from the model, so
 * the start-up code can peek at it without loading the model.
 */
export const WORKFLOW_STATE_KEY = 'jupyterlab-autopilot:workflow';

/** The Job step's entry: the job's name and timeline (`IPersistedJob`). */
export const JOB_STATE_KEY = `${WORKFLOW_STATE_KEY}:job`;
