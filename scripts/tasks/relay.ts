// Gasless participation: a relayer (any account with ETH) sends the EIP-712 delegations and
// ballots that holders signed with `token:delegate --sign-only` / `gov:vote --sign-only`.
import { task, types } from "hardhat/config";
import type { InputProblem } from "../lib/inputErrors";

interface RelayArgs {
  file: string;
  from?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "gov:relay",
  "Relays a file of signed delegations (delegateBySig) and ballots (castVoteBySig) in each signer's nonce order; skips what is already used or counted",
)
  .addParam("file", "Signatures file written by token:delegate --sign-only / gov:vote --sign-only")
  .addOptionalParam("from", "Relaying account (pays the gas): index or address (default 0)")
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .setAction(async (args: RelayArgs, hre) => {
    const { Signature } = await import("ethers");
    const { formatProblems } = await import("../lib/inputErrors");
    const { TaskError } = await import("../lib/inputErrors");
    const { resolveSigners } = await import("../lib/signers");
    const { runPlans } = await import("../lib/plans");
    const { formatTime, formatTokens } = await import("../lib/display");
    const { domainOf } = await import("../lib/eip712");
    const { readSignatures, recoverSigner } = await import("../lib/signatures");
    const { SUPPORT_NAMES } = await import("../lib/voteSupport");
    const { STATE_NAMES } = await import("../lib/voteCheck");
    const { loadBook, IDS } = await import("../lib/taskContext");
    const tc = await import("../../typechain-types");
    const entries = readSignatures(args.file);
    const [relayer] = await resolveSigners(hre, args.from);
    const book = await loadBook(hre, args.deploymentId);
    const provider = hre.ethers.provider;
    const token = tc.CounterweightToken__factory.connect(book.get(IDS.token), provider);
    const governor = tc.CounterweightGovernor__factory.connect(book.get(IDS.governor), provider);
    const registry = tc.IdentityRegistry__factory.connect(book.get(IDS.registry), provider);
    const tokenAddress = await token.getAddress();
    const governorAddress = await governor.getAddress();
    const chainId = (await provider.getNetwork()).chainId;
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    const tokenDomain = await domainOf(token);
    const governorDomain = await domainOf(governor);

    // 1. Every entry must be for this chain and deployment and be signed by the account it names.
    const problems: InputProblem[] = [];
    for (const [i, e] of entries.entries()) {
      const m = e.value;
      const at = (field: string, message: string) =>
        problems.push({ line: e.line, field: `signatures[${i}].${field}`, message });
      if (m.chainId !== chainId) at("chainId", `signed for chain ${m.chainId}, this is chain ${chainId}`);
      if (m.kind === "delegation" && m.token !== tokenAddress) {
        at("token", `not this deployment's token ${tokenAddress}`);
      } else if (m.kind === "vote" && m.governor !== governorAddress) {
        at("governor", `not this deployment's governor ${governorAddress}`);
      } else {
        const signer = recoverSigner(m, m.kind === "vote" ? governorDomain : tokenDomain);
        const expected = m.kind === "vote" ? m.voter : m.delegator;
        if (signer !== expected) at("signature", `signed by ${signer}, not by ${expected}`);
      }
    }
    if (problems.length > 0) throw new TaskError(formatProblems(args.file, problems));

    // 2. Per signer and contract, in nonce order: skip used nonces, send the next ones, refuse gaps.
    type Entry = (typeof entries)[number];
    const groups = new Map<string, Entry[]>();
    for (const e of entries) {
      const key = e.value.kind === "vote" ? `vote:${e.value.voter}` : `delegation:${e.value.delegator}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    const delegations = [];
    const votes = [];
    for (const [key, group] of groups) {
      const [kind, account] = key.split(":");
      const onChain = kind === "vote" ? await governor.nonces(account) : await token.nonces(account);
      let next = onChain;
      const sorted = [...group].sort((a, b) =>
        a.value.nonce < b.value.nonce ? -1 : a.value.nonce > b.value.nonce ? 1 : 0,
      );
      for (const e of sorted) {
        const m = e.value;
        const where = `${args.file}:${e.line}`;
        if (m.nonce < next) {
          console.log(
            `${where} ${m.kind} of ${account}, nonce ${m.nonce}: already used (${kind === "vote" ? "governor" : "token"} nonce is ${onChain}): skipped`,
          );
          continue;
        }
        if (m.nonce > next) {
          problems.push({
            line: e.line,
            field: "nonce",
            message: `${account}'s next ${kind === "vote" ? "governor" : "token"} nonce is ${next}, this signature has ${m.nonce}: sign again (the one in between was never relayed)`,
          });
          continue;
        }
        if (m.kind === "delegation") {
          if (m.expiry < now + 1n) {
            problems.push({
              line: e.line,
              field: "expiry",
              message: `expired at ${formatTime(m.expiry, now)}: sign again`,
            });
            continue;
          }
          console.log(
            `${where} delegation of ${m.delegator} (${formatTokens(await token.balanceOf(m.delegator), { symbol: "CWT" })}) to ${m.delegatee}, nonce ${m.nonce}: relay`,
          );
          delegations.push(m);
          next++;
        } else {
          const state = STATE_NAMES[Number(await governor.state(m.proposalId))];
          if (await governor.hasVoted(m.proposalId, m.voter)) {
            // The ballot can no longer be used; the voter's later ballots keep their nonces only if this
            // one was used, which the nonce check above already tells.
            console.log(`${where} ${m.support} of ${m.voter} on proposal ${m.proposalId}: already counted: skipped`);
            continue;
          }
          if (state !== "Active") {
            problems.push({
              line: e.line,
              field: "proposalId",
              message: `proposal ${m.proposalId} is ${state}, not open for votes`,
            });
            continue;
          }
          const snapshot = await governor.proposalSnapshot(m.proposalId);
          const identity = await registry.identityAt(m.voter, snapshot);
          const [, delegated] = await token.getPastQuadraticPower(m.voter, snapshot);
          if (delegated === 0n) {
            problems.push({
              line: e.line,
              field: "voter",
              message: `${m.voter} had no verified identity delegating to it at the proposal's snapshot (${formatTime(snapshot, now)})`,
            });
            continue;
          }
          console.log(
            `${where} ${m.support} of ${m.voter} (identity ${identity}) on proposal ${m.proposalId}, nonce ${m.nonce}: relay`,
          );
          votes.push(m);
          next++;
        }
      }
    }
    if (problems.length > 0) throw new TaskError(formatProblems(args.file, problems));

    // 3. Delegations first (votes of later proposals depend on them), then ballots.
    const calls = [];
    for (const d of delegations) {
      const sig = Signature.from(d.signature);
      const a: [string, bigint, bigint, number, string, string] = [d.delegatee, d.nonce, d.expiry, sig.v, sig.r, sig.s];
      calls.push({
        label: `Token.delegateBySig(${d.delegator})`,
        to: tokenAddress,
        value: 0n,
        data: token.interface.encodeFunctionData("delegateBySig", a),
        args: a,
      });
    }
    for (const v of votes) {
      const support = SUPPORT_NAMES.indexOf(v.support);
      if (v.reason === "") {
        const a: [bigint, number, string, string] = [v.proposalId, support, v.voter, v.signature];
        calls.push({
          label: "Governor.castVoteBySig",
          to: governorAddress,
          value: 0n,
          data: governor.interface.encodeFunctionData("castVoteBySig", a),
          args: a,
        });
      } else {
        const a: [bigint, number, string, string, string, string] = [
          v.proposalId,
          support,
          v.voter,
          v.reason,
          "0x",
          v.signature,
        ];
        calls.push({
          label: "Governor.castVoteWithReasonAndParamsBySig",
          to: governorAddress,
          value: 0n,
          data: governor.interface.encodeFunctionData("castVoteWithReasonAndParamsBySig", a),
          args: a,
        });
      }
    }
    console.log(`${entries.length} signature(s) in ${args.file}: ${calls.length} to relay from ${relayer.address}`);
    await runPlans([{ signer: relayer, calls }], { dryRun: args.dryRun });
  });
