import type { Contents } from '@jupyterlab/services';

/** `dir/name.ipynb` -> `dir/name-trimmed.ipynb`, or `-trimmed-1`, `-trimmed-2`… */
export function trimmedCopyName(sourcePath: string, attempt: number): string {
  const slash = sourcePath.lastIndexOf('/');
  const dir = sourcePath.slice(0, slash + 1);
  const file = sourcePath.slice(slash + 1);
  const dot = file.toLowerCase().endsWith('.ipynb') ? file.length - 6 : -1;
  const stem = dot >= 0 ? file.slice(0, dot) : file;
  const extension = dot >= 0 ? file.slice(dot) : '.ipynb';
  const suffix = attempt === 0 ? '-trimmed' : `-trimmed-${attempt}`;
  return `${dir}${stem}${suffix}${extension}`;
}

/** How many names are tried before giving up; a folder with more copies is a user's mess, not ours to guess. */
const MAX_ATTEMPTS = 1000;

/**
 * The first `-trimmed` name beside the source that no file has yet, so a
 * copy never overwrites anything.
 */
export async function freeTrimmedCopyPath(
  contents: Contents.IManager,
  sourcePath: string
): Promise<string> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const candidate = trimmedCopyName(sourcePath, attempt);
    if (!(await exists(contents, candidate))) {
      return candidate;
    }
  }
  throw new Error(`No free name for a trimmed copy of ${sourcePath}`);
}

async function exists(
  contents: Contents.IManager,
  path: string
): Promise<boolean> {
  try {
    await contents.get(path, { content: false });
    return true;
  } catch (error: any) {
    if (error?.response?.status === 404) {
      return false;
    }
    throw error;
  }
}
