import fs from "node:fs";

/** Ignition parameter values as JSON gives them, with "123n" strings revived as bigints (as Ignition's CLI does). */
export type ModuleParameters = Record<string, Record<string, unknown>>;

export function reviveBigints(_key: string, value: unknown): unknown {
  return typeof value === "string" && /^[0-9]+n$/.test(value) ? BigInt(value.slice(0, -1)) : value;
}

/** Reads a deploy/parameters/<network>.json file for hre.ignition.deploy. */
export function readParameters(file: string): ModuleParameters {
  return JSON.parse(fs.readFileSync(file, "utf8"), reviveBigints) as ModuleParameters;
}
