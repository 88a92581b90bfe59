import type { Contents } from '@jupyterlab/services';
import { httpStatus } from './commandContext';

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
 * A name beside the source that no other run picks. Not hidden (no leading
 * dot): Jupyter refuses to create hidden files unless `allow_hidden` is set.
 */
export function temporaryName(sourcePath: string): string {
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  return `${sourcePath}.autopilot-${unique}.tmp`;
}

/**
 * The end of the last name claim of this page. Jupyter refuses a rename onto
 * an existing file (409), but it checks the target, then moves the file in a
 * thread: two renames onto one name at once can both pass the check, and the
 * second replaces the first (seen in the Galata test). So the runs of one
 * page claim names one after the other; the 409 still guards against every
 * other writer.
 */
let lastClaim: Promise<unknown> = Promise.resolve();

function oneClaimAtATime<T>(claim: () => Promise<T>): Promise<T> {
  const run = lastClaim.then(claim, claim);
  lastClaim = run.catch(() => undefined);
  return run;
}

/**
 * Writes `text` as the first free `-trimmed` name beside the source and
 * returns that path. Never overwrites a file, even when two runs race:
 * picking a name that looks free and then saving there would be
 * check-then-act, and `save` overwrites. The copy is saved under a name of
 * its own, then renamed, and a name that is taken (409) makes it try the
 * next one.
 */
export async function writeTrimmedCopy(
  contents: Contents.IManager,
  sourcePath: string,
  text: string
): Promise<string> {
  const temporary = temporaryName(sourcePath);
  await contents.save(temporary, {
    type: 'file',
    format: 'text',
    content: text
  });
  try {
    return await oneClaimAtATime(async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const target = trimmedCopyName(sourcePath, attempt);
        try {
          await contents.rename(temporary, target);
          return target;
        } catch (error) {
          if (httpStatus(error) !== 409) {
            throw error;
          }
        }
      }
      throw new Error(`No free name for a trimmed copy of ${sourcePath}`);
    });
  } catch (error) {
    // Best effort: the copy did not land, so its temporary file must not stay.
    await contents.delete(temporary).catch(() => undefined);
    throw error;
  }
}
