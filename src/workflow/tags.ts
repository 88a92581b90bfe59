/**
 * The tag every resource of a workflow carries (S3 objects, jobs, models,
 * endpoints), so that the clean-up step finds exactly what the workflow
 * made. Its value is the workflow id. The server's twin is
 * `jupyterlab_autopilot/workflow_tags.py`.
 */
export const WORKFLOW_TAG_KEY = 'jupyterlab-autopilot:workflow';

/** A workflow id: short, random, and valid in S3 keys, tags and job names. */
export const WORKFLOW_ID_PATTERN = /^[a-z0-9]{8,16}$/;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new random workflow id of 12 characters. */
export function newWorkflowId(
  random: (bytes: Uint8Array) => Uint8Array = b => crypto.getRandomValues(b)
): string {
  // 252 is the largest multiple of 36 below 256: rejecting above it keeps the ids uniform.
  let id = '';
  while (id.length < 12) {
    for (const byte of random(new Uint8Array(16))) {
      if (byte < 252 && id.length < 12) {
        id += ALPHABET[byte % 36];
      }
    }
  }
  return id;
}
