import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { CommandIDs } from '../../tokens';
import { addPanelCommands } from '../commandEntries';

describe("the panel's commands at start-up", () => {
  const commands = new CommandRegistry();
  addPanelCommands({
    commands,
    trans: nullTranslator.load('jupyterlab_autopilot'),
    palette: null,
    openPanel: () => undefined,
    load: () => Promise.reject(new Error('not at start-up'))
  });
  const ids = commands.listCommands().filter(id => id.startsWith('autopilot:'));

  it('describe the arguments of every command, loaded when first asked for', async () => {
    expect(ids.length).toBeGreaterThanOrEqual(19);
    for (const id of ids) {
      const { args } = await commands.describedBy(id);
      expect(args).toMatchObject({ type: 'object' });
      expect(typeof args?.properties).toBe('object');
    }
  });

  it("name each command's own arguments", async () => {
    const split = (await commands.describedBy(CommandIDs.splitDataset)).args;
    expect(Object.keys(split?.properties ?? {})).toEqual([
      'target',
      'validationFraction',
      'seed',
      'stratify'
    ]);
    const job = (await commands.describedBy(CommandIDs.createJob)).args as any;
    expect(job.properties.problemType.enum).toContain('BinaryClassification');
  });
});
