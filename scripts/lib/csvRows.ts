import fs from "node:fs";
import type { z } from "zod";
import { InputError, type InputProblem } from "./inputErrors";

/** A validated row and the 1-based line it came from. */
export interface Row<T> {
  line: number;
  value: T;
}

/**
 * Splits one CSV line into fields. Supports double-quoted fields with "" escapes; no field spans
 * lines (operator files never need it, and line numbers stay exact).
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      fields.push(current.trim());
      current = "";
    } else {
      current += c;
    }
  }
  if (quoted) {
    throw new Error("unterminated quoted field");
  }
  fields.push(current.trim());
  return fields;
}

function isSkipped(line: string): boolean {
  const t = line.trim();
  return t === "" || t.startsWith("#");
}

/**
 * Parses CSV text with a header line and validates every row against `schema` (an object schema
 * keyed by the header's column names). Blank lines and lines starting with `#` are ignored.
 * Collects the problems of ALL rows and throws one InputError listing each with its line number and
 * column; returns the rows only when every one is valid.
 */
export function parseCsv<S extends z.ZodType>(text: string, schema: S, source = "input"): Row<z.output<S>>[] {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => !isSkipped(l));
  if (headerIndex < 0) {
    throw new InputError(source, [{ line: 0, field: "(file)", message: "empty file: a header line is required" }]);
  }
  const header = splitCsvLine(lines[headerIndex]);
  const problems: InputProblem[] = [];
  const rows: Row<z.output<S>>[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (isSkipped(lines[i])) {
      continue;
    }
    const line = i + 1;
    let fields: string[];
    try {
      fields = splitCsvLine(lines[i]);
    } catch (e) {
      problems.push({ line, field: "(row)", message: (e as Error).message });
      continue;
    }
    if (fields.length !== header.length) {
      problems.push({ line, field: "(row)", message: `expected ${header.length} fields, found ${fields.length}` });
      continue;
    }
    const record = Object.fromEntries(header.map((name, k) => [name, fields[k]]));
    const parsed = schema.safeParse(record);
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
    throw new InputError(source, [{ line: 0, field: "(file)", message: "no data rows" }]);
  }
  return rows;
}

/** Reads and validates a CSV file; see parseCsv. */
export function readCsv<S extends z.ZodType>(file: string, schema: S): Row<z.output<S>>[] {
  return parseCsv(fs.readFileSync(file, "utf8"), schema, file);
}
