import { CliUsageError, ICliArgs, USAGE, parseCliArgs } from './cliArgs';
import { NotebookReadError, trimNotebookText } from './notebookText';
import { TrimOptionsError, checkTrimOptions } from './options';
import { describePlan, planReport } from './report';

/** Exit statuses of autopilot-trim. */
export const ExitStatus = {
  Done: 0,
  Unreadable: 1,
  BadUsage: 2,
  NotCandidateNotebook: 3
} as const;

/** The file system and streams, given by cli.ts (and by tests). */
export interface ICliIo {
  readFile(path: string): Uint8Array;
  /** Replace `path` atomically; an existing file keeps its mode. */
  writeFileAtomic(path: string, text: string): void;
  stdout(text: string): void;
  stderr(text: string): void;
}

const OPTION_FLAGS: Record<TrimOptionsError['field'], string> = {
  maxJobs: '--max-jobs',
  maxParallelJobs: '--max-parallel-jobs',
  parallelJobs: '--parallel-jobs',
  algorithms: '--algorithms'
};

/** Run the command line; returns the exit status. Never throws for user errors. */
export function runCli(argv: ReadonlyArray<string>, io: ICliIo): number {
  let args: ICliArgs | 'help';
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(
        `autopilot-trim: ${error.message}\nRun autopilot-trim --help for usage.\n`
      );
      return ExitStatus.BadUsage;
    }
    throw error;
  }
  if (args === 'help') {
    io.stdout(USAGE + '\n');
    return ExitStatus.Done;
  }
  const optionsError = checkTrimOptions(args.options);
  if (optionsError) {
    io.stderr(
      `autopilot-trim: ${OPTION_FLAGS[optionsError.field]}: ${optionsError.message}\n`
    );
    return ExitStatus.BadUsage;
  }
  return trimFile(args, io);
}

function trimFile(args: ICliArgs, io: ICliIo): number {
  const say = (line: string): void => io.stderr(`${args.input}: ${line}\n`);
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(args.input);
  } catch (error) {
    say(`cannot read it: ${systemReason(error)}.`);
    return ExitStatus.Unreadable;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    say('not UTF-8 text, so not a notebook Jupyter can open.');
    return ExitStatus.Unreadable;
  }
  let result: ReturnType<typeof trimNotebookText>;
  try {
    result = trimNotebookText(text, args.options);
  } catch (error) {
    if (error instanceof NotebookReadError) {
      say(error.message);
      return ExitStatus.Unreadable;
    }
    throw error;
  }
  const { plan, output } = result;
  if (args.json) {
    io.stdout(JSON.stringify(planReport(plan), null, 2) + '\n');
  }
  if (plan.kind === 'refuse' || output === null) {
    say(`not trimmed. ${plan.kind === 'refuse' ? plan.message : ''}`);
    return plan.kind === 'refuse' && plan.reason === 'no-listed-algorithm'
      ? ExitStatus.BadUsage
      : ExitStatus.NotCandidateNotebook;
  }
  const lines = describePlan(plan);
  for (const line of args.json ? lines.filter(isWarning) : lines) {
    say(line);
  }
  if (args.dryRun) {
    say('dry run: nothing written.');
    return ExitStatus.Done;
  }
  if (args.output === '-') {
    io.stdout(output);
    return ExitStatus.Done;
  }
  if (args.output === null && !plan.changesAnything) {
    return ExitStatus.Done;
  }
  const target = args.output ?? args.input;
  try {
    io.writeFileAtomic(target, output);
  } catch (error) {
    io.stderr(
      `${target}: cannot write it: ${systemReason(error)}. Nothing was written; choose another place with -o OUTPUT.\n`
    );
    return ExitStatus.Unreadable;
  }
  if (!args.json) {
    say(`written to ${target}.`);
  }
  return ExitStatus.Done;
}

function isWarning(line: string): boolean {
  return line.startsWith('warning: ');
}

/** A short reason for a failed file operation, from Node's error codes. */
function systemReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
