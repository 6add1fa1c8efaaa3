import { TaskError, type InputProblem } from "../../scripts/lib/inputErrors";

/** At most this many problems are kept and printed; the count still covers every one found. */
export const MAX_KEPT_PROBLEMS = 50;

/**
 * Bad audit input (a CSV row, a labels file, a flag), found before anything is written: the message
 * names the file, the line and the field of each problem, and says that no output was written.
 */
export class AuditInputError extends TaskError {
  constructor(
    readonly source: string,
    readonly problems: readonly InputProblem[],
    readonly total = problems.length,
  ) {
    super(formatAuditProblems(source, problems, total));
  }
}

/** "N problems in FILE, nothing was written:" then one `FILE:LINE FIELD: message` line per kept problem. */
export function formatAuditProblems(source: string, problems: readonly InputProblem[], total: number): string {
  const shown = problems
    .slice(0, 20)
    .map((p) => `  ${p.line > 0 ? `${source}:${p.line}` : source} ${p.field}: ${p.message}`);
  if (total > shown.length) shown.push(`  … and ${total - shown.length} more`);
  return `${total === 1 ? "1 problem" : `${total} problems`} in ${source}, nothing was written:\n${shown.join("\n")}`;
}

/** Collects problems, keeping the first MAX_KEPT_PROBLEMS and counting the rest. */
export class ProblemList {
  readonly kept: InputProblem[] = [];
  total = 0;

  add(line: number, field: string, message: string): void {
    this.total += 1;
    if (this.kept.length < MAX_KEPT_PROBLEMS) this.kept.push({ line, field, message });
  }

  /** Throws an AuditInputError naming `source` when any problem was added. */
  throwIfAny(source: string): void {
    if (this.total > 0) throw new AuditInputError(source, this.kept, this.total);
  }
}

/** A single problem with a task parameter (`--decimals`, `--merge-top`, …). */
export function flagError(flag: string, message: string): AuditInputError {
  return new AuditInputError(`--${flag}`, [{ line: 0, field: flag, message }]);
}
