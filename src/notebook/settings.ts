import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  DEFAULT_MAX_JOBS,
  DEFAULT_MAX_PARALLEL_JOBS,
  type ITrimOptions
} from '../trim';

/** What the user set in the Settings Editor for trimming. */
export interface ITrimSettings extends ITrimOptions {
  /** Show the preview dialog before trimming. */
  confirm: boolean;
}

/** The schema's defaults (`schema/plugin.json`, held equal by a test). */
export const FALLBACK: Readonly<ITrimSettings> = {
  maxJobs: DEFAULT_MAX_JOBS,
  maxParallelJobs: DEFAULT_MAX_PARALLEL_JOBS,
  parallelJobs: undefined,
  algorithms: [],
  confirm: true
};

/**
 * Reads the trim settings, falling back to the schema's defaults while the
 * registry has not answered yet (the plugin does not wait for it at start-up).
 */
export function readTrimSettings(
  settings: ISettingRegistry.ISettings | null
): ITrimSettings {
  if (!settings) {
    return { ...FALLBACK };
  }
  const get = (key: string) => settings.get(key).composite;
  const parallelJobs = get('parallelJobs');
  const algorithms = get('algorithms');
  return {
    maxJobs: (get('maxJobs') as number) ?? FALLBACK.maxJobs,
    maxParallelJobs:
      (get('maxParallelJobs') as number) ?? FALLBACK.maxParallelJobs,
    parallelJobs: typeof parallelJobs === 'number' ? parallelJobs : undefined,
    algorithms: Array.isArray(algorithms) ? (algorithms as string[]) : [],
    confirm: get('confirm') !== false
  };
}

/** Command arguments override the settings, so scripts can run a trim without a dialog. */
export function withCommandArgs(
  settings: ITrimSettings,
  args: Record<string, unknown>
): ITrimSettings {
  const merged = { ...settings };
  if (typeof args.maxJobs === 'number') {
    merged.maxJobs = args.maxJobs;
  }
  if (typeof args.maxParallelJobs === 'number') {
    merged.maxParallelJobs = args.maxParallelJobs;
  }
  if (typeof args.parallelJobs === 'number') {
    merged.parallelJobs = args.parallelJobs;
  }
  if (Array.isArray(args.algorithms)) {
    merged.algorithms = args.algorithms as string[];
  }
  if (typeof args.confirm === 'boolean') {
    merged.confirm = args.confirm;
  }
  return merged;
}
