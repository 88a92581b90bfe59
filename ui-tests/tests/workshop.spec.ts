/**
 * The whole workshop inside JupyterLab, on the sandbox the README's run
 * command starts: steps 1 to 3 through the panel's commands, then the
 * trimmed candidate notebook run top to bottom in a kernel that this
 * JupyterLab starts (the SageMaker Python SDK talks to the sandbox from the
 * kernel's own environment), then the panel follows what the notebook made:
 * its tuning job and its endpoint, found by lineage, tested, cleaned up.
 */
import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { sagemaker } from './helpers/DeploymentHelper';
import { PanelHelper } from './helpers/PanelHelper';
import {
  datasetByCommands,
  trimmedCandidateNotebook
} from './helpers/workflow';

test.use({ autoGoto: true, viewport: { width: 1280, height: 1000 } });

/** Where the run stands: code cells with an execution count, the first error. */
interface IRunProgress {
  codeCells: number;
  executed: number;
  lastExecuted: boolean;
  error: string | null;
}

/** Reads the open notebook's cells, as JupyterLab's model holds them. */
async function runProgress(
  page: IJupyterLabPageFixture
): Promise<IRunProgress> {
  return page.evaluate(() => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    const cells: any[] = Array.from(notebook.model.cells);
    const code = cells.filter(cell => cell.type === 'code');
    let error: string | null = null;
    for (const cell of code) {
      for (const output of cell.outputs.toJSON()) {
        if (output.output_type === 'error' && error === null) {
          error = `${output.ename}: ${output.evalue}`;
        }
      }
    }
    return {
      codeCells: code.length,
      executed: code.filter(cell => cell.executionCount !== null).length,
      lastExecuted: code[code.length - 1].executionCount !== null,
      error
    };
  });
}

/** The sandbox's training jobs still running, whoever started them. */
async function runningTrainingJobs(): Promise<number> {
  const { json } = await sagemaker('ListTrainingJobs', {
    StatusEquals: 'InProgress',
    MaxResults: 100
  });
  return json.TrainingJobSummaries.length;
}

test('the trimmed candidate notebook runs in JupyterLab’s kernel, and the panel tests and removes its endpoint', async ({
  page,
  tmpPath
}, testInfo) => {
  // A pilot job, then the notebook's transformers, 8 trials and a deploy, at
  // the SDK's own pace (it polls every 5 s, an endpoint every 30 s).
  test.setTimeout(15 * 60 * 1000);
  const panel = new PanelHelper(page);
  await datasetByCommands(panel, page, `${tmpPath}/churn.txt`);
  const trimmed = await trimmedCandidateNotebook(panel);

  // The notebook's transformers need the new account's training quota to
  // themselves: jobs another spec left running would take it.
  await expect
    .poll(runningTrainingJobs, { timeout: 180000, intervals: [2000] })
    .toBe(0);

  // The trim opened the copy without a kernel; the user picks Python 3.
  const kernel = await page.evaluate(async path => {
    const app = (window as any).jupyterapp;
    const widget = await app.commands.execute('docmanager:open', { path });
    await widget.sessionContext.ready;
    await widget.sessionContext.changeKernel({ name: 'python3' });
    return widget.sessionContext.session.kernel.name;
  }, trimmed.path);
  expect(kernel).toBe('python3');
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('notebook:run-all-cells')
  );
  // Done when the last code cell has run; an error stops the run at once.
  let progress = await runProgress(page);
  const deadline = Date.now() + 12 * 60 * 1000;
  while (!progress.lastExecuted && progress.error === null) {
    expect(Date.now(), JSON.stringify(progress)).toBeLessThan(deadline);
    await page.waitForTimeout(2000);
    progress = await runProgress(page);
  }
  expect(progress.error).toBeNull();
  expect(progress.executed).toBe(progress.codeCells);
  await testInfo.attach('workshop-notebook-run.png', {
    body: await page.screenshot(),
    contentType: 'image/png'
  });

  // The panel finds the notebook's tuning job by the job's output prefix alone.
  await expect
    .poll(
      async () => (await panel.execute('autopilot:show-tuning', {})).status,
      { timeout: 90000, intervals: [2000] }
    )
    .toBe('ended');
  const tuning = await panel.execute('autopilot:show-tuning', {});
  expect(tuning.jobStatus).toBe('Completed');
  expect(tuning.counters).toMatchObject({ completed: 8, inProgress: 0 });

  // Its endpoint: the Deployment section, never opened, found it on its own
  // (it looks once the tuning job has completed).
  await expect
    .poll(async () => (await panel.statuses()).deployment, {
      timeout: 75000,
      intervals: [2000]
    })
    .toBe('done');
  // It answers one of churn's labels for validation row 3.
  const listed = await panel.execute('autopilot:list-endpoints');
  expect(listed.status).toBe('listed');
  expect(listed.endpoints).toHaveLength(1);
  const [endpoint] = listed.endpoints;
  expect(endpoint.status).toBe('InService');
  const tested = await panel.execute('autopilot:test-endpoint', {
    name: endpoint.name,
    row: 3
  });
  expect(tested.status).toBe('predicted');
  expect(String(tested.prediction).trim()).toMatch(/^(True\.|False\.)$/);

  // Step 5: nothing of the run keeps billing.
  const cleaned = await panel.execute('autopilot:cleanup', { confirm: false });
  expect(cleaned.status).toBe('cleaned');
  expect((await panel.execute('autopilot:list-endpoints')).endpoints).toEqual(
    []
  );
  const { json } = await sagemaker('DescribeEndpoint', {
    EndpointName: endpoint.name
  });
  expect(JSON.stringify(json)).toMatch(/Could not find endpoint/);
});
