/**
 * Where the workflow's state lives in `IStateDB`. Apart from the model, so
 * the start-up code can peek at it without loading the model.
 */
export const WORKFLOW_STATE_KEY = 'jupyterlab-autopilot:workflow';
