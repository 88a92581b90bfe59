import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { TranslationBundle } from '@jupyterlab/translation';

/**
 * The gettext context of the schema's strings: the one jupyterlab_server uses
 * for the selectors of the schema's `jupyter.lab.internationalization`
 * block, and the one `scripts/messages/extract.js` extracts them under.
 */
const SCHEMA_CONTEXT = 'schema';

/**
 * Puts the titles and descriptions of a settings schema into the user's
 * language, in place, so that Settings → Autopilot reads in it.
 *
 * JupyterLab's server translates schemas itself, but only those it serves one
 * at a time and only from language packs: the list of all settings, which the
 * Settings Editor shows, keeps a prebuilt extension's schema as written
 * (jupyterlab_server 2's `_list_settings`). The strings are the schema's own,
 * extracted from `schema/*.json` into the catalog; a string already
 * translated, or without a translation, stays as it is.
 */
export function translateSchemaText(
  schema: ISettingRegistry.ISchema,
  catalog: TranslationBundle
): void {
  const translate = (node: { title?: unknown; description?: unknown }) => {
    if (typeof node.title === 'string') {
      node.title = catalog._p(SCHEMA_CONTEXT, node.title);
    }
    if (typeof node.description === 'string') {
      node.description = catalog._p(SCHEMA_CONTEXT, node.description);
    }
  };
  translate(schema);
  for (const property of Object.values(schema.properties ?? {})) {
    translate(property as { title?: unknown; description?: unknown });
  }
}
