import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import { SPLIT_DEFAULTS } from '../workflow/datasetStep';

/** What the user set for the panel in the Settings Editor (`schema/panel.json`). */
export interface IPanelSettings {
  validationFraction: number;
  seed: number;
  stratify: boolean;
  /** Overrides the server's default bucket; empty uses it. */
  bucket: string;
}

/** The settings, or the schema's defaults while the registry has not answered. */
export function readPanelSettings(
  settings: ISettingRegistry.ISettings | null
): IPanelSettings {
  const get = (key: string, fallback: unknown) =>
    settings?.get(key).composite ?? fallback;
  return {
    validationFraction: Number(
      get('validationFraction', SPLIT_DEFAULTS.validationFraction)
    ),
    seed: Number(get('seed', SPLIT_DEFAULTS.seed)),
    stratify: Boolean(get('stratify', SPLIT_DEFAULTS.stratify)),
    bucket: String(get('bucket', ''))
  };
}
