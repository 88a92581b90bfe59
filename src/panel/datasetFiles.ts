import type { Contents } from '@jupyterlab/services';

/** Whether a file name is one the dataset step reads (CSV or TXT). */
export function isDatasetFile(name: string): boolean {
  return /\.(csv|txt)$/i.test(name);
}

/** Bounds of the walk, so a huge workspace cannot stall the panel. */
const MAX_DEPTH = 4;
const MAX_DIRECTORIES = 200;
const MAX_FILES = 500;

/**
 * The workspace's CSV and TXT files, through the Contents API: a
 * breadth-first walk from the root, skipping hidden folders, bounded in
 * depth and size. Nearer files come first.
 */
export async function listDatasetFiles(
  contents: Pick<Contents.IManager, 'get'>
): Promise<string[]> {
  const files: string[] = [];
  let level = [''];
  let visited = 0;
  for (let depth = 0; depth <= MAX_DEPTH && level.length; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (visited++ >= MAX_DIRECTORIES || files.length >= MAX_FILES) {
        return files;
      }
      let model: Contents.IModel;
      try {
        model = await contents.get(dir, { content: true });
      } catch {
        continue; // Unreadable or gone meanwhile: not a dataset anyway.
      }
      const items = (model.content ?? []) as Contents.IModel[];
      for (const item of [...items].sort((a, b) =>
        a.path.localeCompare(b.path)
      )) {
        if (item.name.startsWith('.')) {
          continue;
        }
        if (item.type === 'directory') {
          next.push(item.path);
        } else if (isDatasetFile(item.name) && files.length < MAX_FILES) {
          files.push(item.path);
        }
      }
    }
    level = next;
  }
  return files;
}
