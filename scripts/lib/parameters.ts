import fs from "node:fs";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";

/** Ignition deployment parameters keyed by module id. */
export type ModuleParameters = DeploymentParameters;

/** JSON reviver: "123n" strings become bigints, as Ignition's CLI reads parameters files. */
export function reviveBigints(_key: string, value: unknown): unknown {
  return typeof value === "string" && /^[0-9]+n$/.test(value) ? BigInt(value.slice(0, -1)) : value;
}

/** Reads a deploy/parameters/<network>.json file for hre.ignition.deploy. */
export function readParameters(file: string): ModuleParameters {
  return JSON.parse(fs.readFileSync(file, "utf8"), reviveBigints) as ModuleParameters;
}
