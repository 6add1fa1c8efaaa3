import fs from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { configSchema, type ScenarioConfig } from "./schema";

/** The committed config whose values are the schema's defaults (today's behaviour). */
export const DEFAULT_CONFIG_FILE = path.resolve(__dirname, "../configs/default.json");
/** How the default config is named in messages and reports (relative to the repository). */
export const DEFAULT_CONFIG_NAME = "sim/configs/default.json";

/** A bad config file, reported before any chain work: the message names the file and each field. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** `["retail", "turnout", "rate"]` → `$.retail.turnout.rate` (array indexes as `[i]`). */
export function jsonPath(p: readonly PropertyKey[]): string {
  return "$" + p.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("");
}

/** One line per zod issue: `$.path: message`. */
export function issueLines(error: z.ZodError): { path: readonly PropertyKey[]; line: string }[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((k) => ({
        path: [...issue.path, k],
        line: `${jsonPath([...issue.path, k])}: unknown field`,
      }));
    return [{ path: issue.path, line: `${jsonPath(issue.path)}: ${issue.message}` }];
  });
}

/** Reads a config file's JSON (not yet validated). Throws a ConfigError naming the file. */
export function readConfigJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`config ${file}: cannot read it (${(err as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError(`config ${file}: not valid JSON (${(err as Error).message})`);
  }
}

/** Validates a config value; every bad field is listed as `config FILE: $.path: reason`. */
export function parseConfig(value: unknown, file: string): ScenarioConfig {
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    const lines = issueLines(parsed.error).map((l) => `config ${file}: ${l.line}`);
    throw new ConfigError(`invalid scenario config:\n  ${lines.join("\n  ")}`);
  }
  return parsed.data;
}

/** Reads and validates a config file. */
export function loadConfig(file: string): ScenarioConfig {
  return parseConfig(readConfigJson(file), file);
}
