/** Steps 1 and 2 through the commands, for the specs about later steps. */
import { expect } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import * as path from 'path';
import { PROJECT } from './corpus';
import type { PanelHelper } from './PanelHelper';

/** The real dataset: 3,333 rows, CRLF line endings. */
export const CHURN = path.join(PROJECT, '../shared/data/churn.txt');

/** Step 1 through the commands (the clicks are counted in the job flow test). */
export async function datasetByCommands(
  panel: PanelHelper,
  page: IJupyterLabPageFixture,
  remote: string
): Promise<void> {
  await page.contents.uploadFile(CHURN, remote);
  await panel.execute('autopilot:open-panel');
  await panel.execute('autopilot:use-dataset', { path: remote });
  await panel.execute('autopilot:split-dataset', {});
  const uploaded = await panel.execute('autopilot:upload-dataset', {});
  expect(uploaded.status).toBe('uploaded');
}

/** A complete run of two candidates, its cost confirmed by the script. */
export async function createCompleteJob(panel: PanelHelper): Promise<any> {
  const created = await panel.execute('autopilot:create-job', {
    mode: 'complete',
    maxCandidates: 2,
    values: { costConfirmed: true },
    confirm: false
  });
  expect(created.status).toBe('created');
  return created;
}

/**
 * Steps 2 and 3 through the commands: a pilot job, its notebooks fetched,
 * the candidate notebook trimmed to a copy; the trim's status object.
 */
export async function trimmedCandidateNotebook(
  panel: PanelHelper
): Promise<any> {
  const created = await panel.execute('autopilot:create-job', {
    confirm: false
  });
  expect(created.status).toBe('created');
  await expect
    .poll(
      async () => (await panel.execute('autopilot:job-status')).secondaryStatus,
      { timeout: 120000, intervals: [2000] }
    )
    .toBe('CandidateDefinitionsGenerated');
  expect((await panel.execute('autopilot:fetch-notebooks', {})).status).toBe(
    'fetched'
  );
  const trimmed = await panel.execute('autopilot:trim-candidates', {});
  expect(trimmed.status).toBe('copied');
  return trimmed;
}
