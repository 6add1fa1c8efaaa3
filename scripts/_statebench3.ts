import hre from "hardhat";
const { ethers, network } = hre;
async function per(a: any, n = 300) {
  const to = ethers.Wallet.createRandom().address;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await a.sendTransaction({ to, value: 1n });
  return (Number(process.hrtime.bigint() - t0) / 1e6 / n).toFixed(3);
}
async function main() {
  const [a] = await ethers.getSigners();
  const mode = process.env.MODE!;
  const N = Number(process.env.N ?? 10000);
  console.log("base", await per(a));
  for (let i = 0; i < N; i++) {
    const addr = ethers.zeroPadValue(ethers.toBeHex(i + 0x1000), 20);
    if (mode === "imp") await network.provider.send("hardhat_impersonateAccount", [addr]);
    else if (mode === "tx") await a.sendTransaction({ to: addr, value: 1n });
    else if (mode === "bal") await network.provider.send("hardhat_setBalance", [addr, "0x1"]);
    else if (mode === "storage") await network.provider.send("hardhat_setStorageAt", [a.address, ethers.toBeHex(i+1, 32), ethers.toBeHex(1, 32)]);
  }
  console.log(mode, N, await per(a));
}
main().catch((e) => { console.error(e); process.exit(1); });
