import { HardhatPluginError } from "hardhat/plugins";

/** The plugin name Hardhat prints before a task's error ("Error in plugin counterweight: …"). */
export const PLUGIN = "counterweight";

/**
 * A user error (bad input, wrong state, wrong network): Hardhat prints the message without a stack
 * trace unless `--show-stack-traces` is given.
 */
export function userError(message: string): HardhatPluginError {
  return new HardhatPluginError(PLUGIN, message);
}

/** A user error located in an input file: `FILE:LINE FIELD: message` (line 0: the whole file). */
export function fileError(file: string, line: number, field: string, message: string): HardhatPluginError {
  return userError(`${line > 0 ? `${file}:${line}` : file} ${field}: ${message}`);
}
