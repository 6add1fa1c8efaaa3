import hre from "hardhat";
const { ethers, network } = hre;
async function timeTransfers(n: number, from: any): Promise<number> {
  const to = ethers.Wallet.createRandom().address;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    await from.sendTransaction({ to, value: 1n });
  }
  return Number(process.hrtime.bigint() - t0) / 1e6 / n;
}
async function main() {
  const [a] = await ethers.getSigners();
  const mode = process.env.MODE ?? "accounts";
  const steps = [0, 10000, 20000, 40000];
  let done = 0;
  console.log("base ms/tx", (await timeTransfers(300, a)).toFixed(3));
  for (const s of steps.slice(1)) {
    if (mode === "accounts") {
      for (; done < s; done++) {
        const addr = ethers.zeroPadValue(ethers.toBeHex(done + 0x1000), 20);
        await network.provider.send("hardhat_setBalance", [addr, "0x1"]);
      }
    } else {
      // blocks: mine real blocks with txs
      for (; done < s; done++) await a.sendTransaction({ to: a.address, value: 0n });
    }
    const bn = await ethers.provider.getBlockNumber();
    console.log(mode, s, "blocks", bn, "ms/tx", (await timeTransfers(300, a)).toFixed(3));
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
