// Member-side tasks: what a holder runs to take part (register an identity, delegate, vote, stake,
// claim). Each acts for one or more of the network's accounts (--from), validates everything for
// every account before the first transaction, and sends nothing when on-chain state already matches.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { SignedMessage } from "../lib/signatures";

const FROM = "Acting account(s): indexes of the node's accounts or addresses, comma-separated (default 0)";
const DEPLOYMENT = "Ignition deployment id (default chain-<chainId>)";

async function context(hre: HardhatRuntimeEnvironment, deploymentId: string | undefined) {
  const { loadBook, resolveDeploymentId, IDS } = await import("../lib/taskContext");
  const book = await loadBook(hre, deploymentId);
  return { book, IDS, id: await resolveDeploymentId(hre, deploymentId) };
}

interface RegisterArgs {
  proofs?: string;
  attestation?: string;
  from?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "identity:register",
  "Registers the --from account(s) in the identity registry with a Merkle proof (from identity:merkle's proofs file) or an EAS attestation UID",
)
  .addOptionalParam("proofs", "Proofs file written by identity:merkle (<csv>.proofs.json)")
  .addOptionalParam("attestation", "Or: the UID of an EAS attestation made to the account by a trusted attester")
  .addOptionalParam("from", FROM)
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", DEPLOYMENT, undefined, types.string)
  .setAction(async (args: RegisterArgs, hre) => {
    const { TaskError } = await import("../lib/inputErrors");
    const { resolveSigners } = await import("../lib/signers");
    const { runPlans } = await import("../lib/plans");
    const { followUp } = await import("../lib/display");
    const { IdentityRegistry__factory, IEAS__factory } = await import("../../typechain-types");
    if ((args.proofs === undefined) === (args.attestation === undefined)) {
      throw new TaskError("give exactly one of --proofs <identity:merkle proofs file> or --attestation <EAS UID>");
    }
    const signers = await resolveSigners(hre, args.from);
    const { book, IDS, id } = await context(hre, args.deploymentId);
    const registry = IdentityRegistry__factory.connect(book.get(IDS.registry), hre.ethers.provider);
    const registryAddress = await registry.getAddress();
    const { CounterweightToken__factory } = await import("../../typechain-types");
    const token = CounterweightToken__factory.connect(book.get(IDS.token), hre.ethers.provider);
    const tokenAddress = await token.getAddress();
    // After registering, the account's identity is synced into the token's quadratic votes.
    const syncCall = (account: string) => ({
      label: "CounterweightToken.sync",
      to: tokenAddress,
      value: 0n,
      data: token.interface.encodeFunctionData("sync", [account]),
      args: [account],
    });
    const plans = [];
    for (const s of signers) {
      const current = await registry.identityOf(s.address);
      if (current !== 0n) {
        const [counted] = await registry.bindingOf(s.address);
        const [cached] = await token.contributionOf(s.address);
        if (cached === counted) {
          console.log(`${s.address} is already registered (identity ${current}): nothing to send`);
          plans.push({ signer: s, calls: [] });
        } else {
          console.log(`${s.address} is already registered (identity ${current}): sync it into the token`);
          plans.push({ signer: s, calls: [syncCall(s.address)] });
        }
        continue;
      }
      if (args.proofs !== undefined) {
        const { readProofsFile, verifyIdentityProof } = await import("../lib/identityProofs");
        const proofs = readProofsFile(args.proofs);
        const root = await registry.merkleRoot();
        if (root === hre.ethers.ZeroHash) {
          throw new TaskError(
            "the registry has no Merkle root: the Merkle path is closed (set one with identity:merkle)",
          );
        }
        if (proofs.root !== root) {
          throw new TaskError(
            `${args.proofs} root: the file's root ${proofs.root} is not the registry's ${root} (an older or other list)`,
          );
        }
        const entry = proofs.entries[s.address];
        if (entry === undefined) {
          throw new TaskError(
            `${args.proofs} entries: no entry for ${s.address} (its CSV has no row for this account)`,
          );
        }
        if (!verifyIdentityProof(root, entry.humanId, s.address, entry.proof)) {
          throw new TaskError(
            `${args.proofs} entries.${s.address}.proof: does not prove (humanId, account) against the root`,
          );
        }
        const taken = await registry.identityOfHuman(entry.humanId);
        if (taken !== 0n) {
          throw new TaskError(
            `humanId ${entry.humanId} of ${s.address} was registered before (identity ${taken}, account ${await registry.accountOf(taken)})`,
          );
        }
        const a: [string, string[]] = [entry.humanId, entry.proof];
        console.log(
          `${s.address}: register humanId ${entry.humanId} with a Merkle proof of ${entry.proof.length} node(s)`,
        );
        plans.push({
          signer: s,
          calls: [
            {
              label: "IdentityRegistry.registerWithMerkleProof",
              to: registryAddress,
              value: 0n,
              data: registry.interface.encodeFunctionData("registerWithMerkleProof", a),
              args: a,
            },
            syncCall(s.address),
          ],
        });
      } else {
        const uid = args.attestation as string;
        if (!/^0x[0-9a-fA-F]{64}$/.test(uid)) {
          throw new TaskError(`--attestation "${uid}": expected an attestation UID (0x + 64 hex digits)`);
        }
        const easAddress = await registry.eas();
        if (easAddress === hre.ethers.ZeroAddress) {
          throw new TaskError("this registry was deployed without EAS: register with --proofs instead");
        }
        const a = await IEAS__factory.connect(easAddress, hre.ethers.provider).getAttestation(uid);
        const now = BigInt((await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
        const problem =
          a.uid === hre.ethers.ZeroHash
            ? "EAS holds no attestation with this UID"
            : a.schema !== (await registry.schema())
              ? `it is for schema ${a.schema}, the registry accepts ${await registry.schema()}`
              : !(await registry.isTrustedAttester(a.attester))
                ? `its attester ${a.attester} is not trusted by the registry`
                : a.revocationTime !== 0n
                  ? "it was revoked"
                  : a.expirationTime !== 0n && a.expirationTime <= now
                    ? "it has expired"
                    : a.recipient !== s.address
                      ? `it was made to ${a.recipient}, not to ${s.address}`
                      : hre.ethers.dataLength(a.data) !== 32
                        ? "its data is not one bytes32 humanId"
                        : undefined;
        if (problem !== undefined) throw new TaskError(`--attestation ${uid}: ${problem}`);
        const humanId = a.data;
        const taken = await registry.identityOfHuman(humanId);
        if (taken !== 0n)
          throw new TaskError(`--attestation ${uid}: humanId ${humanId} was registered before (identity ${taken})`);
        console.log(`${s.address}: register humanId ${humanId} with attestation ${uid}`);
        plans.push({
          signer: s,
          calls: [
            {
              label: "IdentityRegistry.registerWithAttestation",
              to: registryAddress,
              value: 0n,
              data: registry.interface.encodeFunctionData("registerWithAttestation", [uid]),
              args: [uid],
            },
            syncCall(s.address),
          ],
        });
      }
    }
    await runPlans(plans, { dryRun: args.dryRun });
    if (!args.dryRun) {
      for (const s of signers) console.log(`${s.address}: identity ${await registry.identityOf(s.address)}`);
      console.log(`next: ${followUp(hre, "token:delegate", { from: args.from ?? "0" }, id)}`);
    }
  });

interface DelegateArgs {
  to?: string;
  from?: string;
  signOnly: boolean;
  out?: string;
  expiry?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "token:delegate",
  "Delegates the --from account(s)' CWT votes (to themselves by default); --sign-only writes an EIP-712 delegation for gov:relay instead (no gas)",
)
  .addOptionalParam("to", "Delegatee: index or address (default: each account itself)")
  .addOptionalParam("from", FROM)
  .addFlag("signOnly", "Sign the delegation (EIP-712) and append it to --out; send nothing")
  .addOptionalParam("out", "Signatures file to append to (with --sign-only)")
  .addOptionalParam("expiry", "Signature validity in seconds from now (with --sign-only; default 604800 = 7 days)")
  .addFlag("dryRun", "Validate and print what would be sent or signed, send and write nothing")
  .addOptionalParam("deploymentId", DEPLOYMENT, undefined, types.string)
  .setAction(async (args: DelegateArgs, hre) => {
    const { TaskError } = await import("../lib/inputErrors");
    const { resolveSigners, resolveAccount } = await import("../lib/signers");
    const { runPlans } = await import("../lib/plans");
    const { formatTime, formatTokens, followUp } = await import("../lib/display");
    const { CounterweightToken__factory } = await import("../../typechain-types");
    if (args.signOnly && args.out === undefined) throw new TaskError("--sign-only needs --out <signatures file>");
    if (!args.signOnly && (args.out !== undefined || args.expiry !== undefined)) {
      throw new TaskError("--out and --expiry go with --sign-only");
    }
    if (args.expiry !== undefined && (!/^[0-9]+$/.test(args.expiry) || BigInt(args.expiry) === 0n)) {
      throw new TaskError(`--expiry "${args.expiry}": expected a number of seconds > 0`);
    }
    const signers = await resolveSigners(hre, args.from);
    const delegatee = args.to === undefined ? undefined : await resolveAccount(hre, args.to, "to");
    const { book, IDS, id } = await context(hre, args.deploymentId);
    const token = CounterweightToken__factory.connect(book.get(IDS.token), hre.ethers.provider);
    const tokenAddress = await token.getAddress();
    const now = BigInt((await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
    if (args.signOnly) {
      const { appendSignatures, readSignatures, delegationTypedData } = await import("../lib/signatures");
      const { domainOf } = await import("../lib/eip712");
      const fs = await import("node:fs");
      const out = args.out as string;
      const existing = fs.existsSync(out) ? readSignatures(out).map((e) => e.value) : [];
      const domain = await domainOf(token);
      const chainId = (await hre.ethers.provider.getNetwork()).chainId;
      const fresh: SignedMessage[] = [];
      for (const s of signers) {
        const to = delegatee ?? s.address;
        if ((await token.delegates(s.address)) === to) {
          console.log(`${s.address} already delegates to ${to}: nothing to sign`);
          continue;
        }
        const onChain = await token.nonces(s.address);
        const pending = [...existing, ...fresh].filter(
          (e) => e.kind === "delegation" && e.token === tokenAddress && e.delegator === s.address && e.nonce >= onChain,
        );
        if (pending.some((e) => e.kind === "delegation" && e.delegatee === to)) {
          console.log(`${out} already holds ${s.address}'s unrelayed delegation to ${to}: nothing to sign`);
          continue;
        }
        const nonce = pending.reduce((n, e) => (e.nonce >= n ? e.nonce + 1n : n), onChain);
        const expiry = now + BigInt(args.expiry ?? "604800");
        const { types, value } = delegationTypedData({ delegatee: to, nonce, expiry });
        console.log(
          `${s.address}: ${args.dryRun ? "would sign" : "signs"} a delegation to ${to} (token nonce ${nonce}, valid until ${formatTime(expiry, now)})`,
        );
        if (args.dryRun) continue;
        const signature = await s.signTypedData(domain, types, value);
        fresh.push({
          kind: "delegation" as const,
          chainId,
          token: tokenAddress,
          delegator: s.address,
          delegatee: to,
          nonce,
          expiry,
          signature,
        });
      }
      if (fresh.length > 0) {
        appendSignatures(out, fresh);
        console.log(`appended ${fresh.length} signature(s) to ${out}`);
        console.log(`next (any account with ETH sends them): ${followUp(hre, "gov:relay", { file: out }, id)}`);
      }
      return;
    }
    const plans = [];
    for (const s of signers) {
      const to = delegatee ?? s.address;
      const current = await token.delegates(s.address);
      const balance = await token.balanceOf(s.address);
      if (current === to) {
        console.log(
          `${s.address} already delegates to ${to} (${formatTokens(balance, { symbol: "CWT" })}): nothing to send`,
        );
        plans.push({ signer: s, calls: [] });
        continue;
      }
      console.log(
        `${s.address}: delegate ${formatTokens(balance, { symbol: "CWT" })} of votes to ${to}` +
          (current === hre.ethers.ZeroAddress ? "" : ` (was ${current})`) +
          (balance === 0n ? " (the account holds no CWT yet: its future balance follows the delegation)" : ""),
      );
      plans.push({
        signer: s,
        calls: [
          {
            label: "Token.delegate",
            to: tokenAddress,
            value: 0n,
            data: token.interface.encodeFunctionData("delegate", [to]),
            args: [to],
          },
        ],
      });
    }
    await runPlans(plans, { dryRun: args.dryRun });
  });

interface VoteArgs {
  file?: string;
  proposalId?: string;
  support: string;
  reason?: string;
  from?: string;
  signOnly: boolean;
  out?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "gov:vote",
  "Casts the --from account(s)' vote on a proposal (For, Against or Abstain, optional reason); --sign-only writes an EIP-712 ballot for gov:relay instead (no gas)",
)
  .addOptionalParam("file", "The proposal's JSON file (as given to gov:propose)")
  .addOptionalParam("proposalId", "Or the proposal id")
  .addParam("support", "For, Against or Abstain")
  .addOptionalParam("reason", "Reason recorded with the vote (VoteCast event)")
  .addOptionalParam("from", FROM)
  .addFlag("signOnly", "Sign the ballot (EIP-712) and append it to --out; send nothing")
  .addOptionalParam("out", "Signatures file to append to (with --sign-only)")
  .addFlag("dryRun", "Validate and print what would be sent or signed, send and write nothing")
  .addOptionalParam("deploymentId", DEPLOYMENT, undefined, types.string)
  .setAction(async (args: VoteArgs, hre) => {
    const { TaskError } = await import("../lib/inputErrors");
    const { resolveSigners } = await import("../lib/signers");
    const { runPlans } = await import("../lib/plans");
    const { formatCount, formatTokens, followUp } = await import("../lib/display");
    const { parseSupport, SUPPORT_NAMES } = await import("../lib/voteSupport");
    const { proposalIdOf } = await import("../lib/proposalRef");
    const { requireActive, voterStatus, unverifiedVoterError, STATE_NAMES } = await import("../lib/voteCheck");
    const { CounterweightGovernor__factory, IdentityRegistry__factory } = await import("../../typechain-types");
    const support = parseSupport(args.support);
    if (support === undefined) throw new TaskError(`--support "${args.support}": expected ${SUPPORT_NAMES.join(", ")}`);
    if (args.signOnly && args.out === undefined) throw new TaskError("--sign-only needs --out <signatures file>");
    if (!args.signOnly && args.out !== undefined) throw new TaskError("--out goes with --sign-only");
    const reason = args.reason ?? "";
    const signers = await resolveSigners(hre, args.from);
    const { book, IDS, id } = await context(hre, args.deploymentId);
    const governor = CounterweightGovernor__factory.connect(book.get(IDS.governor), hre.ethers.provider);
    const registry = IdentityRegistry__factory.connect(book.get(IDS.registry), hre.ethers.provider);
    const proposalId = await proposalIdOf(governor, book, { file: args.file, proposalId: args.proposalId });
    const state = STATE_NAMES[Number(await governor.state(proposalId))];
    // A ballot may be signed ahead, while the proposal is Pending; it is checked again when relayed.
    if (!(args.signOnly && state === "Pending")) await requireActive(hre, governor, proposalId, id);
    const snapshot = await governor.proposalSnapshot(proposalId);
    const governorAddress = await governor.getAddress();
    const todo = [];
    for (const s of signers) {
      if (state === "Pending") {
        todo.push(s);
        continue;
      }
      const st = await voterStatus(governor, registry, proposalId, s.address);
      if (st.voted) {
        console.log(
          `${s.address} (identity ${st.identityId}) has already voted on proposal ${proposalId}: nothing to send`,
        );
        continue;
      }
      if (st.identities === 0n) throw unverifiedVoterError(s.address, proposalId, snapshot);
      console.log(
        `${s.address} (identity ${st.identityId}): ${support.name} with ${formatTokens(st.votes, { symbol: "CWT" })} of votes at the snapshot, ` +
          `weight Σ√ = ${formatCount(st.weight)} from ${formatCount(st.identities)} identit${st.identities === 1n ? "y" : "ies"}` +
          `${reason === "" ? "" : `, reason "${reason}"`}` +
          (st.weight === 0n ? " (no delegated votes at the snapshot: the vote counts for quorum only)" : ""),
      );
      todo.push(s);
    }
    if (args.signOnly) {
      const { appendSignatures, readSignatures, voteTypedData } = await import("../lib/signatures");
      const { domainOf } = await import("../lib/eip712");
      const fs = await import("node:fs");
      const out = args.out as string;
      const existing = fs.existsSync(out) ? readSignatures(out).map((e) => e.value) : [];
      const domain = await domainOf(governor);
      const chainId = (await hre.ethers.provider.getNetwork()).chainId;
      const fresh: SignedMessage[] = [];
      for (const s of todo) {
        const onChain = await governor.nonces(s.address);
        const pending = [...existing, ...fresh].filter(
          (e) => e.kind === "vote" && e.governor === governorAddress && e.voter === s.address && e.nonce >= onChain,
        );
        if (pending.some((e) => e.kind === "vote" && e.proposalId === proposalId)) {
          console.log(`${out} already holds ${s.address}'s unrelayed ballot on this proposal: nothing to sign`);
          continue;
        }
        const nonce = pending.reduce((n, e) => (e.nonce >= n ? e.nonce + 1n : n), onChain);
        const ballot = { proposalId, support: support.name, voter: s.address, nonce, reason };
        console.log(`${s.address}: ${args.dryRun ? "would sign" : "signs"} ${support.name} (governor nonce ${nonce})`);
        if (args.dryRun) continue;
        const { types, value } = voteTypedData(ballot);
        const signature = await s.signTypedData(domain, types, value);
        fresh.push({ kind: "vote" as const, chainId, governor: governorAddress, ...ballot, signature });
      }
      if (fresh.length > 0) {
        appendSignatures(out, fresh);
        console.log(`appended ${fresh.length} signature(s) to ${out}`);
        console.log(`next (any account with ETH sends them): ${followUp(hre, "gov:relay", { file: out }, id)}`);
      } else if (todo.length === 0) {
        console.log("nothing to sign");
      }
      return;
    }
    const plans = todo.map((s) => {
      const a: [bigint, number, string] = [proposalId, support.value, reason];
      return {
        signer: s,
        calls: [
          reason === ""
            ? {
                label: "Governor.castVote",
                to: governorAddress,
                value: 0n,
                data: governor.interface.encodeFunctionData("castVote", [proposalId, support.value]),
                args: [proposalId, support.value],
              }
            : {
                label: "Governor.castVoteWithReason",
                to: governorAddress,
                value: 0n,
                data: governor.interface.encodeFunctionData("castVoteWithReason", a),
                args: a,
              },
        ],
      };
    });
    await runPlans(plans, { dryRun: args.dryRun });
    if (!args.dryRun && plans.length > 0) {
      const [against, forVotes, abstain] = await governor.proposalVotes(proposalId);
      console.log(
        `tally (√ weights): For ${formatCount(forVotes)}, Against ${formatCount(against)}, Abstain ${formatCount(abstain)}; ` +
          `${await governor.proposalQuorumIdentities(proposalId)} of ${await governor.quorum(snapshot)} identities for quorum`,
      );
    }
  });

interface StakeArgs {
  amount?: string;
  all: boolean;
  from?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "farm:stake",
  "Stakes the --from account(s)' LP tokens in the farm: --amount is the stake to reach (a re-run stakes nothing more), --all stakes the whole LP balance",
)
  .addOptionalParam(
    "amount",
    "Total stake to reach, in LP tokens (e.g. 1000.5); the difference is approved exactly and staked",
  )
  .addFlag("all", "Stake the account's whole LP balance")
  .addOptionalParam("from", FROM)
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", DEPLOYMENT, undefined, types.string)
  .setAction(async (args: StakeArgs, hre) => {
    const { TaskError } = await import("../lib/inputErrors");
    const { tokenAmountParam } = await import("../lib/fields");
    const { resolveSigners } = await import("../lib/signers");
    const { runPlans } = await import("../lib/plans");
    const { formatTokens, followUp } = await import("../lib/display");
    const { CappedStakingRewards__factory, IERC20__factory } = await import("../../typechain-types");
    if ((args.amount === undefined) === !args.all) throw new TaskError("give exactly one of --amount <LP> or --all");
    const target = args.amount === undefined ? undefined : tokenAmountParam("amount", args.amount);
    const signers = await resolveSigners(hre, args.from);
    const { book, IDS, id } = await context(hre, args.deploymentId);
    const farm = CappedStakingRewards__factory.connect(book.get(IDS.farm), hre.ethers.provider);
    const farmAddress = await farm.getAddress();
    const lp = IERC20__factory.connect(await farm.stakingToken(), hre.ethers.provider);
    const lpAddress = await lp.getAddress();
    const plans = [];
    for (const s of signers) {
      const staked = await farm.balanceOf(s.address);
      const held = await lp.balanceOf(s.address);
      const add = target === undefined ? held : target > staked ? target - staked : 0n;
      if (add === 0n) {
        console.log(
          `${s.address} stakes ${formatTokens(staked, { symbol: "LP" })}` +
            (target === undefined ? " and holds no more LP" : `, at least --amount ${args.amount}`) +
            ": nothing to send",
        );
        plans.push({ signer: s, calls: [] });
        continue;
      }
      if (held < add) {
        throw new TaskError(
          `${s.address} holds ${formatTokens(held, { symbol: "LP" })}, staking up to ${args.amount} needs ${formatTokens(add, { symbol: "LP" })} more ` +
            `(it stakes ${formatTokens(staked, { symbol: "LP" })}; on a dev chain: dev:lp --to ${s.address}): nothing was sent`,
        );
      }
      const allowance = await lp.allowance(s.address, farmAddress);
      const calls = [];
      if (allowance < add) {
        calls.push({
          label: "LP.approve",
          to: lpAddress,
          value: 0n,
          data: lp.interface.encodeFunctionData("approve", [farmAddress, add]),
          args: [farmAddress, add],
        });
      }
      calls.push({
        label: "Farm.stake",
        to: farmAddress,
        value: 0n,
        data: farm.interface.encodeFunctionData("stake", [add]),
        args: [add],
      });
      console.log(
        `${s.address}: stake ${formatTokens(add, { symbol: "LP" })} (staked ${formatTokens(staked, { symbol: "LP" })} so far)`,
      );
      plans.push({ signer: s, calls });
    }
    await runPlans(plans, { dryRun: args.dryRun });
    if (!args.dryRun) {
      for (const s of signers) {
        console.log(
          `${s.address}: staked ${formatTokens(await farm.balanceOf(s.address), { symbol: "LP" })}, ` +
            `effective (capped) ${formatTokens(await farm.effectiveBalanceOf(s.address), { symbol: "LP" })}`,
        );
      }
      console.log(`later: ${followUp(hre, "farm:claim", { from: args.from ?? "0" }, id)}`);
    }
  });

interface ClaimArgs {
  from?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task("farm:claim", "Claims the --from account(s)' earned farm rewards (getReward)")
  .addOptionalParam("from", FROM)
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", DEPLOYMENT, undefined, types.string)
  .setAction(async (args: ClaimArgs, hre) => {
    const { resolveSigners } = await import("../lib/signers");
    const { runPlans } = await import("../lib/plans");
    const { formatTokens } = await import("../lib/display");
    const { CappedStakingRewards__factory } = await import("../../typechain-types");
    const signers = await resolveSigners(hre, args.from);
    const { book, IDS } = await context(hre, args.deploymentId);
    const farm = CappedStakingRewards__factory.connect(book.get(IDS.farm), hre.ethers.provider);
    const farmAddress = await farm.getAddress();
    const plans = [];
    for (const s of signers) {
      const earned = await farm.earned(s.address);
      if (earned === 0n) {
        console.log(`${s.address} has no rewards to claim: nothing to send`);
        plans.push({ signer: s, calls: [] });
        continue;
      }
      console.log(
        `${s.address}: claim about ${formatTokens(earned, { symbol: "CWT" })} (earned so far; the claim includes the next block's)`,
      );
      plans.push({
        signer: s,
        calls: [
          {
            label: "Farm.getReward",
            to: farmAddress,
            value: 0n,
            data: farm.interface.encodeFunctionData("getReward"),
            args: [],
          },
        ],
      });
    }
    const before = new Map<string, bigint>();
    const { CounterweightToken__factory } = await import("../../typechain-types");
    const token = CounterweightToken__factory.connect(await farm.rewardsToken(), hre.ethers.provider);
    for (const s of signers) before.set(s.address, await token.balanceOf(s.address));
    const sent = await runPlans(plans, { dryRun: args.dryRun });
    if (sent > 0) {
      for (const s of signers) {
        const got = (await token.balanceOf(s.address)) - (before.get(s.address) ?? 0n);
        if (got > 0n) console.log(`${s.address}: received ${formatTokens(got, { symbol: "CWT" })}`);
      }
    }
  });
