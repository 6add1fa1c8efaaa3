/** One problem found in an operator's input file, precise enough to fix without guessing. */
export interface InputProblem {
  /** 1-based line in the file (0 when the problem concerns the whole file). */
  line: number;
  /** The column (CSV) or dotted path (JSON) at fault; "(row)" for the row as a whole. */
  field: string;
  message: string;
}

/** Thrown before anything is sent when an input file has at least one problem; lists them all. */
export class InputError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly InputProblem[],
  ) {
    super(formatProblems(source, problems));
    this.name = "InputError";
  }
}

export function formatProblems(source: string, problems: readonly InputProblem[]): string {
  const lines = problems.map((p) => `  ${source}:${p.line} ${p.field}: ${p.message}`);
  return `${problems.length} problem(s) in ${source}, nothing was sent:\n${lines.join("\n")}`;
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
