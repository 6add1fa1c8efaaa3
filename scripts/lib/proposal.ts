import fs from "node:fs";
import { Interface, id as keccakText, type InterfaceAbi } from "ethers";
import { z } from "zod";
import { addressField, hexBytesField, uintField } from "./fields";
import { InputError, readInputFile, stripBom, type InputProblem } from "./inputErrors";

/**
 * One action of a proposal: either raw `calldata` for `target`, or a `method` with `args` on
 * `target` (an address) or `contract` (a future id of the deployment, e.g. "Farm#CappedStakingRewards").
 * `method` is a name (looked up in the deployment's ABI of `contract`) or a full signature
 * ("notifyRewardAmount(uint256)"). `value` is in wei, as a decimal string.
 */
export const actionSchema = z
  .object({
    target: addressField.optional(),
    contract: z.string().min(1).optional(),
    value: uintField.default(0n),
    calldata: hexBytesField.optional(),
    method: z.string().min(1).optional(),
    args: z.array(z.unknown()).default([]),
  })
  .strict()
  .superRefine((a, ctx) => {
    if ((a.target === undefined) === (a.contract === undefined)) {
      ctx.addIssue({ code: "custom", path: ["target"], message: "give exactly one of target or contract" });
    }
    if ((a.calldata === undefined) === (a.method === undefined)) {
      ctx.addIssue({ code: "custom", path: ["calldata"], message: "give exactly one of calldata or method" });
    }
    if (a.calldata !== undefined && a.contract !== undefined) {
      ctx.addIssue({ code: "custom", path: ["contract"], message: "calldata needs a target address" });
    }
    if (a.method !== undefined && a.target !== undefined && !a.method.includes("(")) {
      ctx.addIssue({ code: "custom", path: ["method"], message: "with a raw target, method must be a full signature" });
    }
  });

export const proposalSchema = z
  .object({
    description: z.string().min(1, { message: "a proposal needs a description" }),
    actions: z.array(actionSchema).min(1, { message: "a proposal needs at least one action" }),
  })
  .strict();

export type ProposalInput = z.output<typeof proposalSchema>;
export type ActionInput = z.output<typeof actionSchema>;

/** What the governor receives, plus a label per action for printing. */
export interface ResolvedProposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  descriptionHash: string;
  labels: string[];
}

/** The 1-based line of the n-th occurrence of `"key"` in a JSON text, to point at a bad action. */
function lineOfNth(text: string, key: string, n: number): number {
  const re = new RegExp(`"${key}"\\s*:`, "g");
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(text)) !== null) {
    if (k === n) {
      return text.slice(0, m.index).split("\n").length;
    }
    k++;
  }
  return 0;
}

/**
 * Validates a proposal description text, reporting every problem with its JSON path and, where it
 * can be located, its line.
 */
export function parseProposal(input: string, source = "proposal"): ProposalInput {
  const text = stripBom(input);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    throw new InputError(source, [{ line: jsonErrorLine(text, msg), field: "(json)", message: msg }]);
  }
  const parsed = proposalSchema.safeParse(raw);
  if (parsed.success) {
    return parsed.data;
  }
  const problems: InputProblem[] = parsed.error.issues.map((issue) => {
    const p = issue.path.map(String);
    let line = 0;
    if (p[0] === "actions" && p.length >= 3) {
      line = lineOfActionField(text, Number(p[1]), p[2]);
    } else if (p[0] !== undefined) {
      line = lineOfNth(text, p[0], 0);
    }
    return { line, field: p.join(".") || "(root)", message: issue.message };
  });
  throw new InputError(source, problems);
}

/** Line of `field` inside the n-th element of "actions" (0 when it cannot be located). */
function lineOfActionField(text: string, index: number, field: string): number {
  const start = text.indexOf('"actions"');
  if (start < 0) {
    return 0;
  }
  let depth = 0;
  let element = -1;
  let inString = false;
  let elementStart = -1;
  for (let i = text.indexOf("[", start) + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") {
        i++;
      } else if (c === '"') {
        inString = false;
      }
      continue;
    }
    if (c === '"') {
      inString = true;
    } else if (c === "{" || c === "[") {
      if (depth === 0) {
        element++;
        elementStart = i;
      }
      depth++;
    } else if (c === "}" || c === "]") {
      if (depth === 0) {
        return 0;
      }
      depth--;
      if (depth === 0 && element === index) {
        const body = text.slice(elementStart, i);
        const at = body.search(new RegExp(`"${field}"\\s*:`));
        const offset = elementStart + (at < 0 ? 0 : at);
        return text.slice(0, offset).split("\n").length;
      }
    }
  }
  return 0;
}

/** Reads and validates a proposal file ("file not found: PATH" when missing; a BOM is dropped). */
export function readProposal(file: string): ProposalInput {
  return parseProposal(readInputFile(file), file);
}

/**
 * The line of a JSON.parse error: from "position N" when the engine gives it, else by finding the
 * quoted excerpt (about 10 characters each side of the fault) that Node 20 puts in the message.
 */
function jsonErrorLine(text: string, msg: string): number {
  const pos = /position (\d+)/.exec(msg);
  if (pos) {
    return text.slice(0, Number(pos[1])).split("\n").length;
  }
  const excerpt = /"(?:\.\.\.)?([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(msg);
  if (excerpt && excerpt[1].length > 0) {
    const at = text.indexOf(excerpt[1]);
    if (at >= 0) {
      const before = msg.includes('..."') ? Math.min(10, excerpt[1].length - 1) : 0;
      return text.slice(0, at + before).split("\n").length;
    }
  }
  return 0;
}

/** Looks up a contract's address and ABI by future id (an AddressBook satisfies it). */
export interface ContractDirectory {
  get(futureId: string): string;
  abiOf(futureId: string): readonly unknown[];
}

/** Turns validated actions into targets/values/calldatas, encoding method calls with their ABI. */
export function resolveProposal(
  input: ProposalInput,
  directory: ContractDirectory | undefined,
  source = "proposal",
): ResolvedProposal {
  const out: ResolvedProposal = {
    targets: [],
    values: [],
    calldatas: [],
    description: input.description,
    descriptionHash: keccakText(input.description),
    labels: [],
  };
  const problems: InputProblem[] = [];
  input.actions.forEach((a, i) => {
    try {
      const target = a.target ?? requireDirectory(directory).get(a.contract as string);
      let data: string;
      let label: string;
      if (a.calldata !== undefined) {
        data = a.calldata;
        label = `${target}.call(${a.calldata.slice(0, 10)}…)`;
      } else {
        const method = a.method as string;
        const iface = method.includes("(")
          ? new Interface([`function ${method}`])
          : new Interface(requireDirectory(directory).abiOf(a.contract as string) as InterfaceAbi);
        const fn = iface.getFunction(method);
        if (fn === null) {
          throw new Error(`no function ${method}`);
        }
        data = iface.encodeFunctionData(fn, a.args);
        label = `${a.contract ?? target}.${fn.name}(${a.args.map((x) => String(x)).join(", ")})`;
      }
      out.targets.push(target);
      out.values.push(a.value);
      out.calldatas.push(data);
      out.labels.push(label);
    } catch (e) {
      problems.push({ line: 0, field: `actions.${i}`, message: (e as Error).message });
    }
  });
  if (problems.length > 0) {
    throw new InputError(source, problems);
  }
  return out;
}

function requireDirectory(d: ContractDirectory | undefined): ContractDirectory {
  if (d === undefined) {
    throw new Error("a `contract` action needs a deployment (address book)");
  }
  return d;
}

/** Serialises a proposal description in the format parseProposal reads (bigints as strings). */
export function formatProposal(description: string, actions: readonly Record<string, unknown>[]): string {
  return `${JSON.stringify({ description, actions }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}

/**
 * Writes a proposal description to `file` for `gov:propose`, or with `dryRun` prints what it would
 * write and writes nothing. `submit` is the complete command that submits it (display.followUp).
 */
export function writeProposalFile(file: string, proposal: string, dryRun: boolean, submit: string): void {
  if (dryRun) {
    console.log(`dry run: would write ${file}:\n${proposal}`);
    return;
  }
  fs.writeFileSync(file, proposal);
  console.log(`wrote ${file}; submit it with:\n  ${submit}`);
}
