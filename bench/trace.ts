import type { HardhatRuntimeEnvironment } from "hardhat/types";

interface StructLog {
  op: string;
  gas: number;
  depth: number;
  stack?: string[];
}

const CALLS = new Set(["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"]);

/**
 * Gas of every call a mined transaction made to `target`, from its debug trace: for each such
 * call, the gas left before the call opcode minus the gas left when execution is back at the
 * caller's depth (so it includes the call's own cost, cold account access included, and everything
 * the callee ran). Returns one number per call, in order.
 */
export async function callGasTo(hre: HardhatRuntimeEnvironment, txHash: string, target: string): Promise<number[]> {
  const trace = (await hre.network.provider.request({
    method: "debug_traceTransaction",
    params: [txHash, { disableMemory: true, disableStorage: true }],
  })) as { structLogs: StructLog[] };
  const logs = trace.structLogs;
  const want = target.toLowerCase().replace(/^0x/, "").padStart(40, "0");
  const out: number[] = [];
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i];
    if (!CALLS.has(l.op) || l.stack === undefined) continue;
    const to = l.stack[l.stack.length - 2].replace(/^0x/, "").padStart(64, "0").slice(-40).toLowerCase();
    if (to !== want) continue;
    let j = i + 1;
    while (j < logs.length && logs[j].depth > l.depth) j++;
    if (j === logs.length) throw new Error(`trace of ${txHash}: call at step ${i} never returned`);
    out.push(l.gas - logs[j].gas);
  }
  return out;
}
