import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import { CORPUS, cliOutput, comparable, hasCorpus } from './helpers/corpus';
import { TrimHelper } from './helpers/TrimHelper';

/**
 * Real notebooks chosen for what makes them hard: black-formatted calls, a
 * tuner with a tags line, no trailing newline, executed cells with outputs,
 * an mlp candidate. Both commands, run by their ids, must give the CLI's result.
 */
const SWEEP = [
  'MADS508__labs__03_automl__notebooks__SageMakerAutopilotCandidateDefinitionNotebook.ipynb',
  'chenbinkg__residential-water-demand-prediction__SageMakerAutopilotCandidateDefinitionNotebook.ipynb',
  'shivanshuu__autopilot__SageMakerAutopilotCandidateDefinitionNotebook.ipynb',
  'unpham__ads-508-project__SageMakerAutopilotCandidateDefinitionNotebook.ipynb',
  'EmmaJaneShaw__macquarie__SageMakerAutopilotCandidateDefinitionNotebook_1.ipynb'
];

test.skip(!hasCorpus, 'needs ../shared/corpus beside the project');

/**
 * What JupyterLab itself changes in any notebook it opens and saves: the
 * kernel metadata when a kernel starts, and nbformat 4.0–4.3 raised to 4.4 on
 * load. The rest must be the CLI's.
 */
function asJupyterLabSavesIt(notebook: any): any {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { kernelspec, language_info, ...metadata } = notebook.metadata;
  return {
    ...notebook,
    nbformat_minor: Math.max(notebook.nbformat_minor, 4),
    metadata,
    cells: notebook.cells.map(comparable)
  };
}

for (const file of SWEEP) {
  test(`both commands give the CLI's result: ${file.split('__')[0]}`, async ({
    page,
    tmpPath
  }) => {
    const local = path.join(CORPUS, 'candidate', file);
    test.skip(!fs.existsSync(local), `${file} is not in this corpus`);
    const expectedText = cliOutput(local);
    const expected = JSON.parse(expectedText);
    const trim = new TrimHelper(page);

    const copySource = `${tmpPath}/copy.ipynb`;
    await page.contents.uploadFile(local, copySource);
    const checkpointed = page.waitForResponse(r =>
      r.url().includes('copy-trimmed.ipynb/checkpoints')
    );
    const copied = await trim.execute('autopilot:trim-to-copy', {
      path: copySource,
      confirm: false
    });
    await checkpointed;
    await trim.declineKernelPicker(); // the copy opens
    expect(copied.status).toBe('copied');
    expect(await trim.readText(copied.path)).toBe(expectedText);

    const inPlace = `${tmpPath}/in-place.ipynb`;
    await page.contents.uploadFile(local, inPlace);
    await trim.open(inPlace);
    const trimmed = await trim.execute('autopilot:trim-notebook', {
      confirm: false
    });
    expect(trimmed.status).toBe('trimmed');
    await page.notebook.save();
    const saved = JSON.parse(await trim.readText(inPlace));
    expect(asJupyterLabSavesIt(saved)).toEqual(asJupyterLabSavesIt(expected));
  });
}
