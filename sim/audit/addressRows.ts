import { z } from "zod";
import { parseCsv, type Row } from "../../scripts/lib/csvRows";
import { InputError, duplicateProblems, readInputFile } from "../../scripts/lib/inputErrors";
import { checksumAddress } from "./address";
import { AuditInputError } from "./errors";

/** A CSV field holding an address, turned into its EIP-55 form; a bad one is an issue naming the field. */
export const addressField = z.string().transform((a, ctx) => {
  const r = checksumAddress(a);
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: r.reason });
    return z.NEVER;
  }
  return r.address;
});

/**
 * Reads an audit side file (labels, allocations): a CSV with an `address` column, each row validated
 * by `schema` through the tasks' reader (scripts/lib/csvRows). Every bad row and every address given
 * twice is listed with its line in one AuditInputError; nothing is returned then.
 */
export function readAddressRows<S extends z.ZodObject>(file: string, schema: S): Row<z.output<S>>[] {
  let rows: Row<z.output<S>>[];
  try {
    rows = parseCsv(readInputFile(file), schema, file);
  } catch (e) {
    if (e instanceof InputError) throw new AuditInputError(file, e.problems);
    throw e;
  }
  const dups = duplicateProblems(rows, "address", (v) => String(v.address).toLowerCase());
  if (dups.length > 0) throw new AuditInputError(file, dups);
  return rows;
}
