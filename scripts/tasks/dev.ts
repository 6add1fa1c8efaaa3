// Helpers for a local development chain only (`npx hardhat node` as --network localhost, or the
// in-process `hardhat` network): each refuses any other network before reading anything else.
import { task, types } from "hardhat/config";

interface FundArgs {
  to: string;
  cwt?: string;
  eth?: string;
  from?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "dev:fund",
  "Dev chain only: tops dev accounts up to a CWT and/or ETH balance, paid by the --from account (default 0, the deployer)",
)
  .addParam("to", "Accounts to fund: indexes of the node's accounts or addresses, comma-separated (e.g. 1,2,3)")
  .addOptionalParam("cwt", "CWT balance each account should hold at least, in whole tokens (e.g. 1000000)")
  .addOptionalParam("eth", "ETH balance each account should hold at least, in ether (e.g. 1.5)")
  .addOptionalParam("from", "Paying account: index or address (default 0, which holds the deployer's CWT)")
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .setAction(async (args: FundArgs, hre) => {
    const { assertDevNetwork } = await import("../lib/devNetwork");
    await assertDevNetwork(hre, "dev:fund");
    const { TaskError } = await import("../lib/inputErrors");
    const { tokenAmountParam } = await import("../lib/fields");
    const { formatTokens } = await import("../lib/display");
    const { resolveSigners, resolveAccount } = await import("../lib/signers");
    const { loadBook, IDS } = await import("../lib/taskContext");
    const { runPlans } = await import("../lib/plans");
    const { CounterweightToken__factory } = await import("../../typechain-types");
    if (args.cwt === undefined && args.eth === undefined) {
      throw new TaskError("give --cwt and/or --eth: the balance each account should hold at least");
    }
    const amount = (param: string, v: string | undefined) => (v === undefined ? 0n : tokenAmountParam(param, v));
    const cwt = amount("cwt", args.cwt);
    const eth = amount("eth", args.eth);
    const [payer] = await resolveSigners(hre, args.from);
    const recipients: string[] = [];
    for (const item of args.to.split(",")) {
      const a = await resolveAccount(hre, item, "to");
      if (a === payer.address) throw new TaskError(`--to ${item}: that is the paying account (--from) itself`);
      if (recipients.includes(a)) throw new TaskError(`--to: ${a} is listed twice`);
      recipients.push(a);
    }
    const book = await loadBook(hre, args.deploymentId);
    const token = CounterweightToken__factory.connect(book.get(IDS.token), payer);
    const provider = hre.ethers.provider;
    const calls = [];
    let cwtTotal = 0n;
    let ethTotal = 0n;
    for (const r of recipients) {
      const heldCwt = await token.balanceOf(r);
      const heldEth = await provider.getBalance(r);
      const needCwt = cwt > heldCwt ? cwt - heldCwt : 0n;
      const needEth = eth > heldEth ? eth - heldEth : 0n;
      console.log(
        `${r}: holds ${formatTokens(heldCwt, { symbol: "CWT" })} and ${formatTokens(heldEth, { symbol: "ETH" })}` +
          (needCwt + needEth === 0n
            ? ", enough"
            : `; sends ${[needCwt > 0n ? formatTokens(needCwt, { symbol: "CWT" }) : "", needEth > 0n ? formatTokens(needEth, { symbol: "ETH" }) : ""].filter((s) => s !== "").join(" and ")}`),
      );
      if (needCwt > 0n) {
        cwtTotal += needCwt;
        calls.push({
          label: "Token.transfer",
          to: await token.getAddress(),
          value: 0n,
          data: token.interface.encodeFunctionData("transfer", [r, needCwt]),
          args: [r, needCwt],
        });
      }
      if (needEth > 0n) {
        ethTotal += needEth;
        calls.push({ label: "ETH transfer", to: r, value: needEth, data: "0x", args: [] });
      }
    }
    const payerCwt = await token.balanceOf(payer.address);
    if (payerCwt < cwtTotal) {
      throw new TaskError(
        `${payer.address} holds ${formatTokens(payerCwt, { symbol: "CWT" })}, the top-ups need ${formatTokens(cwtTotal, { symbol: "CWT" })}: nothing was sent`,
      );
    }
    const payerEth = await provider.getBalance(payer.address);
    // Each transfer costs at most ~60k gas; keep a margin for it at the node's current price.
    const gasReserve = BigInt(calls.length) * 60_000n * ((await provider.getFeeData()).maxFeePerGas ?? 10n ** 10n);
    if (payerEth < ethTotal + gasReserve) {
      throw new TaskError(
        `${payer.address} holds ${formatTokens(payerEth, { symbol: "ETH" })}, the top-ups need ${formatTokens(ethTotal, { symbol: "ETH" })} plus gas: nothing was sent`,
      );
    }
    await runPlans([{ signer: payer, calls }], { dryRun: args.dryRun });
  });

interface LpArgs {
  cwt: string;
  weth?: string;
  to?: string;
  from?: string;
  dryRun: boolean;
  deploymentId?: string;
}

task(
  "dev:lp",
  "Dev chain only: adds liquidity to the deployment's CWT/WETH Uniswap V2 pair (transfer both tokens, then mint LP); each run adds more",
)
  .addParam("cwt", "CWT to deposit, in whole tokens")
  .addOptionalParam(
    "weth",
    "WETH to deposit, in whole tokens: required for the first deposit (it sets the price); later deposits follow the reserves' ratio when omitted",
  )
  .addOptionalParam("to", "Receiver of the LP tokens: index or address (default: the --from account)")
  .addOptionalParam("from", "Depositing account: index or address (default 0); its missing WETH is minted (local WETH)")
  .addFlag("dryRun", "Validate and print what would be sent, send nothing")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .setAction(async (args: LpArgs, hre) => {
    const { assertDevNetwork } = await import("../lib/devNetwork");
    await assertDevNetwork(hre, "dev:lp");
    const { TaskError } = await import("../lib/inputErrors");
    const { tokenAmountParam } = await import("../lib/fields");
    const { formatTokens } = await import("../lib/display");
    const { resolveSigners, resolveAccount } = await import("../lib/signers");
    const { loadBook, IDS } = await import("../lib/taskContext");
    const { runPlans } = await import("../lib/plans");
    const { isqrt } = await import("../lib/isqrt");
    const { CounterweightToken__factory, TestERC20__factory } = await import("../../typechain-types");
    const { UniswapV2Pair__factory } = await import("../../typechain-types/baselines");
    const amount = tokenAmountParam;
    const cwt = amount("cwt", args.cwt);
    const [from] = await resolveSigners(hre, args.from);
    const to = args.to === undefined ? from.address : await resolveAccount(hre, args.to, "to");
    const book = await loadBook(hre, args.deploymentId);
    const token = CounterweightToken__factory.connect(book.get(IDS.token), from);
    const pair = UniswapV2Pair__factory.connect(book.get(IDS.pair), from);
    const tokenAddress = await token.getAddress();
    const pairAddress = await pair.getAddress();
    const token0 = await pair.token0();
    const wethAddress = token0 === tokenAddress ? await pair.token1() : token0;
    const weth = TestERC20__factory.connect(wethAddress, from);
    const [r0, r1] = await pair.getReserves();
    const [reserveCwt, reserveWeth] = token0 === tokenAddress ? [r0, r1] : [r1, r0];
    const supply = await pair.totalSupply();
    let wethIn: bigint;
    if (reserveCwt === 0n || reserveWeth === 0n) {
      if (args.weth === undefined) {
        throw new TaskError("the pair is empty: give --weth too (the first deposit sets the CWT/WETH price)");
      }
      wethIn = amount("weth", args.weth);
    } else {
      const matching = (cwt * reserveWeth + reserveCwt - 1n) / reserveCwt;
      wethIn = args.weth === undefined ? matching : amount("weth", args.weth);
      // Off-ratio deposits donate the excess to existing LPs: refuse more than 0.1% off.
      if (wethIn * 1000n > matching * 1001n || wethIn * 1000n < matching * 999n) {
        throw new TaskError(
          `--weth ${args.weth}: the pair's reserves (${formatTokens(reserveCwt, { symbol: "CWT" })} / ${formatTokens(reserveWeth, { symbol: "WETH" })}) ` +
            `take ${formatTokens(matching, { symbol: "WETH" })} with ${formatTokens(cwt, { symbol: "CWT" })}; omit --weth to use that`,
        );
      }
    }
    const lp =
      supply === 0n ? isqrt(cwt * wethIn) - 1000n : min((cwt * supply) / reserveCwt, (wethIn * supply) / reserveWeth);
    if (lp <= 0n) throw new TaskError("the deposit is too small to mint any LP (the first 1,000 wei of LP are locked)");
    const heldCwt = await token.balanceOf(from.address);
    if (heldCwt < cwt) {
      throw new TaskError(
        `${from.address} holds ${formatTokens(heldCwt, { symbol: "CWT" })}, the deposit needs ${formatTokens(cwt, { symbol: "CWT" })}: nothing was sent`,
      );
    }
    const heldWeth = await weth.balanceOf(from.address);
    const calls = [];
    if (heldWeth < wethIn) {
      const missing = wethIn - heldWeth;
      try {
        await weth.mint.staticCall(from.address, missing);
      } catch {
        throw new TaskError(
          `${from.address} holds ${formatTokens(heldWeth, { symbol: "WETH" })} of ${wethAddress}, needs ${formatTokens(wethIn, { symbol: "WETH" })}, ` +
            "and that token is not the local mintable WETH: nothing was sent",
        );
      }
      calls.push({
        label: "WETH.mint",
        to: wethAddress,
        value: 0n,
        data: weth.interface.encodeFunctionData("mint", [from.address, missing]),
        args: [from.address, missing],
      });
    }
    calls.push(
      {
        label: "Token.transfer",
        to: tokenAddress,
        value: 0n,
        data: token.interface.encodeFunctionData("transfer", [pairAddress, cwt]),
        args: [pairAddress, cwt],
      },
      {
        label: "WETH.transfer",
        to: wethAddress,
        value: 0n,
        data: weth.interface.encodeFunctionData("transfer", [pairAddress, wethIn]),
        args: [pairAddress, wethIn],
      },
      {
        label: "UniswapV2Pair.mint",
        to: pairAddress,
        value: 0n,
        data: pair.interface.encodeFunctionData("mint", [to]),
        args: [to],
      },
    );
    console.log(
      `deposit ${formatTokens(cwt, { symbol: "CWT" })} + ${formatTokens(wethIn, { symbol: "WETH" })} into ${pairAddress}: ` +
        `${formatTokens(lp, { symbol: "LP" })} to ${to}`,
    );
    const before = await pair.balanceOf(to);
    await runPlans([{ signer: from, calls }], { dryRun: args.dryRun });
    if (!args.dryRun) {
      console.log(
        `${to} now holds ${formatTokens(await pair.balanceOf(to), { symbol: "LP" })} (was ${formatTokens(before, { symbol: "LP" })})`,
      );
    }
  });

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

interface AdvanceArgs {
  past?: string;
  seconds?: string;
  proposalFile?: string;
  proposalId?: string;
  schedule?: string;
  dryRun: boolean;
  deploymentId?: string;
}

/** The points in time dev:advance can move past. */
const MILESTONES = ["voting-delay", "voting-period", "timelock", "cliff"] as const;

task(
  "dev:advance",
  "Dev chain only: moves the chain's time past a proposal's voting delay, voting period or timelock delay, a vesting cliff, or by N seconds",
)
  .addOptionalParam(
    "past",
    `What to move past: ${MILESTONES.join(", ")} (with --proposal-file/--proposal-id or --schedule)`,
  )
  .addOptionalParam("seconds", "Or: move time forward by this many seconds")
  .addOptionalParam("proposalFile", "The proposal's JSON file (as given to gov:propose)")
  .addOptionalParam("proposalId", "Or the proposal id")
  .addOptionalParam("schedule", "Vesting schedule id (for --past cliff)")
  .addFlag("dryRun", "Print the target time, change nothing")
  .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
  .setAction(async (args: AdvanceArgs, hre) => {
    const { assertDevNetwork } = await import("../lib/devNetwork");
    await assertDevNetwork(hre, "dev:advance");
    const { TaskError } = await import("../lib/inputErrors");
    const { formatSpan, formatTime, isoTime } = await import("../lib/display");
    const provider = hre.ethers.provider;
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    if ((args.past === undefined) === (args.seconds === undefined)) {
      throw new TaskError("give exactly one of --past <milestone> or --seconds N");
    }
    let target: bigint;
    let what: string;
    if (args.seconds !== undefined) {
      if (!/^[0-9]+$/.test(args.seconds) || BigInt(args.seconds) === 0n) {
        throw new TaskError(`--seconds "${args.seconds}": expected a whole number of seconds > 0`);
      }
      target = now + BigInt(args.seconds);
      what = `${formatSpan(BigInt(args.seconds))} later`;
    } else {
      const past = args.past as string;
      if (!(MILESTONES as readonly string[]).includes(past)) {
        throw new TaskError(`--past "${past}": expected one of ${MILESTONES.join(", ")}`);
      }
      const { loadBook, IDS } = await import("../lib/taskContext");
      const book = await loadBook(hre, args.deploymentId);
      if (past === "cliff") {
        if (args.schedule === undefined || !/^[0-9]+$/.test(args.schedule)) {
          throw new TaskError("--past cliff needs --schedule <vesting schedule id> (vesting:release lists them)");
        }
        const { VestingVault__factory } = await import("../../typechain-types");
        const vault = VestingVault__factory.connect(book.get(IDS.vault), provider);
        const s = await vault.getSchedule(BigInt(args.schedule)).catch(() => undefined);
        if (s === undefined || s.beneficiary === hre.ethers.ZeroAddress) {
          throw new TaskError(`--schedule ${args.schedule}: no such vesting schedule in the vault`);
        }
        // Tranche schedules store their first unlock as the cliff too (start + cliff).
        target = s.start + s.cliff;
        what = `the cliff of schedule ${args.schedule}`;
      } else {
        const { CounterweightGovernor__factory } = await import("../../typechain-types");
        const { proposalIdOf } = await import("../lib/proposalRef");
        const governor = CounterweightGovernor__factory.connect(book.get(IDS.governor), provider);
        const id = await proposalIdOf(governor, book, {
          file: args.proposalFile,
          proposalId: args.proposalId,
          fileParam: "proposal-file",
        });
        if (past === "voting-delay") {
          target = (await governor.proposalSnapshot(id)) + 1n;
          what = `the voting delay of proposal ${id} (voting opens)`;
        } else if (past === "voting-period") {
          target = (await governor.proposalDeadline(id)) + 1n;
          what = `the voting period of proposal ${id} (voting closes)`;
        } else {
          const eta = await governor.proposalEta(id);
          if (eta === 0n) {
            throw new TaskError(
              `proposal ${id} is not queued: it has no timelock delay to move past (gov:queue first)`,
            );
          }
          target = eta;
          what = `the timelock delay of proposal ${id} (executable)`;
        }
      }
    }
    if (target <= now) {
      console.log(`already past ${what}: ${formatTime(target, now)}; nothing to do`);
      return;
    }
    console.log(`${args.dryRun ? "dry run: would move" : "moving"} time to ${formatTime(target, now)}, past ${what}`);
    if (args.dryRun) return;
    await provider.send("evm_setNextBlockTimestamp", [Number(target)]);
    await provider.send("evm_mine", []);
    const after = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    console.log(`mined a block at ${isoTime(after)}`);
  });
