import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, IToolbarWidgetRegistry } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { INotebookTracker } from '@jupyterlab/notebook';
import { CommandToolbarButton } from '@jupyterlab/ui-components';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { trimIcon } from '../icons';
import { addTrimCommands } from '../notebook/commands';
import { readTrimSettings } from '../notebook/settings';
import { translateSchemaText } from '../settingsText';
import { CommandIDs, TRANSLATION_DOMAIN, TRIM_PLUGIN_ID } from '../tokens';

/**
 * One-click trimming of Autopilot candidate notebooks: commands, palette
 * entries and settings. Toolbar and menu entries are declared in
 * `schema/plugin.json`.
 */
export const trimPlugin: JupyterFrontEndPlugin<void> = {
  id: TRIM_PLUGIN_ID,
  description:
    'Trims Autopilot candidate-definition notebooks, in place or to a copy.',
  autoStart: true,
  requires: [INotebookTracker, IDocumentManager],
  optional: [
    ISettingRegistry,
    ITranslator,
    ICommandPalette,
    IDefaultFileBrowser,
    IToolbarWidgetRegistry
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    docManager: IDocumentManager,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    fileBrowser: IDefaultFileBrowser | null,
    toolbarRegistry: IToolbarWidgetRegistry | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    let settings: ISettingRegistry.ISettings | null = null;

    addTrimCommands({
      app,
      tracker,
      docManager,
      fileBrowser,
      trans,
      settings: () => readTrimSettings(settings)
    });

    // The schema places the button; this factory gives it a translated label
    // beside the icon, which a schema entry cannot.
    toolbarRegistry?.addFactory('Notebook', 'autopilot-trim', () => {
      return new CommandToolbarButton({
        commands: app.commands,
        id: CommandIDs.trimNotebook,
        icon: trimIcon,
        label: trans.__('Trim')
      });
    });

    const category = trans.__('Autopilot');
    palette?.addItem({ command: CommandIDs.trimNotebook, category });
    palette?.addItem({ command: CommandIDs.trimToCopy, category });

    // Not awaited: activation must not wait for the settings registry.
    settingRegistry
      ?.load(TRIM_PLUGIN_ID)
      .then(loaded => {
        settings = loaded;
        translateSchemaText(loaded.schema, trans);
      })
      .catch(reason =>
        console.error('jupyterlab-autopilot: cannot load settings', reason)
      );
  }
};
