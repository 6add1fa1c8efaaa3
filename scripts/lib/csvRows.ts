import { parse, CsvError } from "csv-parse/sync";
import { z } from "zod";
import { InputError, readInputFile, stripBom, type InputProblem } from "./inputErrors";

/** A validated row and the 1-based line it came from. */
export interface Row<T> {
  line: number;
  value: T;
}

/** One data record keyed by column name, with the 1-based line of the file it starts on. */
export interface CsvRecord {
  line: number;
  fields: Record<string, string>;
}

/** A column a CSV file must or may have. */
export interface CsvColumn {
  name: string;
  required: boolean;
}

/** The outcome of reading a CSV: its records, or every problem found (never half of each). */
export interface CsvRead {
  /** 1-based line of the header. */
  headerLine: number;
  records: CsvRecord[];
  problems: InputProblem[];
}

/** Lines of the file: where each physical line break is (LF, CRLF or a lone CR). */
function lineBreaks(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

/** The first line at or after `from` (1-based) that is not blank or a `#` comment. */
function firstContentLine(text: string, from: number): number {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = from - 1; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t !== "" && !t.startsWith("#")) {
      return i + 1;
    }
  }
  return from;
}

/** csv-parse's error codes, in the words an operator fixing a spreadsheet needs (the audit's holders CSV reports them too). */
export function describeCsvError(e: CsvError): string {
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "unterminated quoted field";
    case "INVALID_OPENING_QUOTE":
      return 'a quote inside an unquoted field: quote the whole field and double inner quotes ("")';
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'text after a closing quote: quote the whole field and double inner quotes ("")';
    default:
      return e.message;
  }
}

/**
 * Reads CSV text with csv-parse (RFC 4180 quoting, a leading BOM dropped, LF/CRLF/CR line ends,
 * whitespace around unquoted fields trimmed; blank lines and lines starting with `#` ignored). The
 * first record is the header; its names are matched case-insensitively against `columns` and
 * reported as stored there. Problems found: a syntax error (with its line), a missing required
 * column or an unknown one (one problem each, on the header line), a repeated column, a row with
 * more fields than the header or fewer (only trailing optional columns may be left out), a field
 * spanning lines (operator files never need one, and
 * it usually means an unbalanced quote).
 */
export function readCsvRecords(text: string, columns: readonly CsvColumn[]): CsvRead {
  const body = stripBom(text);
  const ends: number[] = [];
  let rows: string[][];
  try {
    rows = parse(body, {
      bom: true,
      trim: true,
      comment: "#",
      comment_no_infix: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], context) => {
        ends.push(context.lines);
        return record;
      },
    }) as string[][];
  } catch (e) {
    if (e instanceof CsvError) {
      // The record that failed starts after the last complete one.
      const line = firstContentLine(body, (ends[ends.length - 1] ?? 0) + 1);
      return { headerLine: 0, records: [], problems: [{ line, field: "(row)", message: describeCsvError(e) }] };
    }
    throw e;
  }
  const startLine = (i: number) => ends[i] - rows[i].reduce((n, f) => n + lineBreaks(f), 0);
  if (rows.length === 0) {
    return {
      headerLine: 0,
      records: [],
      problems: [{ line: 0, field: "(file)", message: "empty file: a header line is required" }],
    };
  }
  const headerLine = startLine(0);
  const problems: InputProblem[] = [];
  const byLower = new Map(columns.map((c) => [c.name.toLowerCase(), c.name]));
  const header: string[] = [];
  const seen = new Set<string>();
  const expected = columns.map((c) => (c.required ? c.name : `[${c.name}]`)).join(",");
  for (const raw of rows[0]) {
    const name = byLower.get(raw.toLowerCase());
    if (name === undefined) {
      problems.push({
        line: headerLine,
        field: "header",
        message: `unknown column "${raw}" (the columns are ${expected})`,
      });
    } else if (seen.has(name)) {
      problems.push({ line: headerLine, field: "header", message: `column "${name}" appears twice` });
    }
    seen.add(name ?? raw);
    header.push(name ?? raw);
  }
  for (const c of columns) {
    if (c.required && !seen.has(c.name)) {
      problems.push({
        line: headerLine,
        field: "header",
        message: `missing column "${c.name}" (the columns are ${expected})`,
      });
    }
  }
  if (problems.length > 0) {
    return { headerLine, records: [], problems };
  }
  const requiredNames = new Set(columns.filter((c) => c.required).map((c) => c.name));
  const records: CsvRecord[] = [];
  for (let i = 1; i < rows.length; i++) {
    const line = startLine(i);
    const cells = rows[i];
    // A row may leave out trailing optional columns (no trailing commas needed), nothing else.
    const omitted = header.slice(cells.length);
    if (cells.length > header.length || omitted.some((name) => requiredNames.has(name))) {
      problems.push({ line, field: "(row)", message: `expected ${header.length} fields, found ${cells.length}` });
      continue;
    }
    const multi = cells.findIndex((f) => lineBreaks(f) > 0);
    if (multi >= 0) {
      problems.push({
        line,
        field: header[multi],
        message: `quoted field spans lines ${line}-${ends[i]}: check for an unbalanced quote`,
      });
      continue;
    }
    records.push({ line, fields: Object.fromEntries(cells.map((cell, k) => [header[k], cell])) });
  }
  return { headerLine, records, problems };
}

/** The columns of an object schema: every key, required unless the schema accepts it missing. */
export function columnsOf(schema: z.ZodObject): CsvColumn[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    required: !(field as z.ZodType).safeParse(undefined).success,
  }));
}

/**
 * Parses CSV text with a header line and validates every row against `schema` (an object schema
 * keyed by the header's column names); see readCsvRecords for the CSV dialect. Collects the problems
 * of ALL rows and throws one InputError listing each with its line number and column; returns the
 * rows only when every one is valid.
 */
export function parseCsv<S extends z.ZodObject>(text: string, schema: S, source = "input"): Row<z.output<S>>[] {
  const read = readCsvRecords(text, columnsOf(schema));
  const problems = [...read.problems];
  const rows: Row<z.output<S>>[] = [];
  for (const { line, fields } of read.records) {
    const parsed = schema.safeParse(fields);
    if (parsed.success) {
      rows.push({ line, value: parsed.data });
    } else {
      for (const issue of parsed.error.issues) {
        problems.push({ line, field: issue.path.map(String).join(".") || "(row)", message: issue.message });
      }
    }
  }
  if (problems.length > 0) {
    throw new InputError(source, problems);
  }
  if (rows.length === 0) {
    throw new InputError(source, [{ line: read.headerLine, field: "(file)", message: "no data rows" }]);
  }
  return rows;
}

/** Reads and validates a CSV file ("file not found: PATH" when it is missing); see parseCsv. */
export function readCsv<S extends z.ZodObject>(file: string, schema: S): Row<z.output<S>>[] {
  return parseCsv(readInputFile(file), schema, file);
}
