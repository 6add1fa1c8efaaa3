import fs from "node:fs";
import path from "node:path";
import { HardhatPluginError } from "hardhat/plugins";

/** The plugin name Hardhat prints before a task's error ("Error in plugin counterweight: …"). */
export const PLUGIN_NAME = "counterweight";

/** At most this many problems are printed; the error still carries all of them. */
export const MAX_PRINTED_PROBLEMS = 20;

/**
 * An error the operator can fix (bad input, wrong state, missing role): Hardhat prints its message
 * in a few lines, without a stack trace unless `--show-stack-traces` is given.
 */
export class TaskError extends HardhatPluginError {
  constructor(message: string, parent?: Error) {
    super(PLUGIN_NAME, message, parent);
    // HardhatPluginError resets the prototype to its own; restore the subclass's so instanceof works.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
  }
}

/** One problem found in an operator's input file, precise enough to fix without guessing. */
export interface InputProblem {
  /** 1-based line in the file (0 when the problem concerns the whole file). */
  line: number;
  /** The column (CSV) or dotted path (JSON) at fault; "(row)" for the row as a whole. */
  field: string;
  message: string;
}

/** Thrown before anything is sent when an input has at least one problem; lists them all. */
export class InputError extends TaskError {
  constructor(
    readonly source: string,
    readonly problems: readonly InputProblem[],
  ) {
    super(formatProblems(source, problems));
  }
}

/** "N problems in FILE, nothing was sent:" then one `FILE:LINE FIELD: message` line per problem. */
export function formatProblems(source: string, problems: readonly InputProblem[]): string {
  const shown = problems.slice(0, MAX_PRINTED_PROBLEMS).map((p) => {
    const where = p.line > 0 ? `${source}:${p.line}` : source;
    return `  ${where} ${p.field}: ${p.message}`;
  });
  if (problems.length > shown.length) {
    shown.push(`  … and ${problems.length - shown.length} more`);
  }
  const n = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return `${n} in ${source}, nothing was sent:\n${shown.join("\n")}`;
}

/** A single problem with a task parameter (`--batch`, `--vault`, …). */
export function paramError(param: string, message: string): InputError {
  return new InputError(`--${param}`, [{ line: 0, field: param, message }]);
}

/**
 * Reads an operator's input file as UTF-8 text, without a leading byte-order mark (spreadsheets and
 * Windows editors write one). A missing file is a TaskError "file not found: PATH".
 */
export function readInputFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      const abs = path.resolve(file);
      throw new TaskError(`file not found: ${file}${abs === file ? "" : ` (${abs})`}`);
    }
    if (code === "EISDIR") {
      throw new TaskError(`not a file: ${file} is a directory`);
    }
    throw new TaskError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return stripBom(text);
}

/** Removes a leading UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reports every value of `key` seen on more than one row (all occurrences after the first). */
export function duplicateProblems<T>(
  rows: readonly { line: number; value: T }[],
  field: string,
  key: (value: T) => string,
): InputProblem[] {
  const firstSeen = new Map<string, number>();
  const problems: InputProblem[] = [];
  for (const row of rows) {
    const k = key(row.value);
    const first = firstSeen.get(k);
    if (first === undefined) {
      firstSeen.set(k, row.line);
    } else {
      problems.push({ line: row.line, field, message: `duplicate of line ${first}` });
    }
  }
  return problems;
}
