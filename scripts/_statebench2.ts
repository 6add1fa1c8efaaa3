import hre from "hardhat";
const { ethers, network } = hre;
async function main() {
  const [a] = await ethers.getSigners();
  for (let i = 0; i < 40000; i++) {
    const addr = ethers.zeroPadValue(ethers.toBeHex(i + 0x1000), 20);
    await network.provider.send("hardhat_setBalance", [addr, "0x1"]);
  }
  const to = ethers.Wallet.createRandom().address;
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < 300; i++) await a.sendTransaction({ to, value: 1n });
  console.log("automine ms/tx", (Number(process.hrtime.bigint() - t0) / 1e6 / 300).toFixed(3));
  t0 = process.hrtime.bigint();
  for (let i = 0; i < 300; i++) await network.provider.send("evm_mine", []);
  console.log("empty evm_mine ms/block", (Number(process.hrtime.bigint() - t0) / 1e6 / 300).toFixed(3));
  await network.provider.send("evm_setAutomine", [false]);
  t0 = process.hrtime.bigint();
  const nonce = await a.getNonce();
  for (let i = 0; i < 300; i++) await a.sendTransaction({ to, value: 1n, nonce: nonce + i, gasLimit: 21000 });
  await network.provider.send("evm_mine", []);
  console.log("one block ms/tx", (Number(process.hrtime.bigint() - t0) / 1e6 / 300).toFixed(3));
  t0 = process.hrtime.bigint();
  for (let i = 0; i < 300; i++) await network.provider.send("eth_blockNumber", []);
  console.log("eth_blockNumber ms", (Number(process.hrtime.bigint() - t0) / 1e6 / 300).toFixed(3));
}
main().catch((e) => { console.error(e); process.exit(1); });
