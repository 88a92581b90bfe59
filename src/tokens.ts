/**
 * Identifiers shared by the extension's plugins.
 */

/** The translation domain of the extension's own catalogs. */
export const TRANSLATION_DOMAIN = 'jupyterlab_autopilot';

/** The id of the plugin that owns the settings in `schema/plugin.json`. */
export const TRIM_PLUGIN_ID = 'jupyterlab-autopilot:plugin';

export namespace CommandIDs {
  /** Trim the active (or a given) notebook in place, in one undoable step. */
  export const trimNotebook = 'autopilot:trim-notebook';
  /** Open a notebook file from the file browser, then trim it in place. */
  export const trimFile = 'autopilot:trim-file';
  /** Write `<name>-trimmed.ipynb` beside the source, then open it. */
  export const trimToCopy = 'autopilot:trim-to-copy';
  /** Check the server extension, its credentials, SageMaker and S3 end to end. */
  export const checkConnection = 'autopilot:check-connection';
}
