// Deploys the token, the identity registry, a CappedStakingRewards farm and a VestingVault, the way
// a user's deployment script would (`npx hardhat run scripts/deploy.js`).
const hre = require("hardhat");

async function deploy() {
  const [admin] = await hre.ethers.getSigners();
  const supply = 10n ** 27n;
  const deployed = async (name, args) => {
    const c = await hre.ethers.deployContract(name, args);
    await c.waitForDeployment();
    return c;
  };
  const token = await deployed("CounterweightToken", ["Launch", "LCH", supply, [[admin.address, supply]]]);
  const lp = await deployed("CounterweightToken", ["LP", "LP", supply, [[admin.address, supply]]]);
  const registry = await deployed("IdentityRegistry", [hre.ethers.ZeroAddress, hre.ethers.ZeroHash, admin.address, 0]);
  const farm = await deployed("CappedStakingRewards", [
    admin.address,
    hre.ethers.ZeroAddress,
    await token.getAddress(),
    await lp.getAddress(),
    await registry.getAddress(),
    7 * 24 * 3600,
    { cap: 1000n * 10n ** 18n, slope: 0n, unverifiedCap: 100n * 10n ** 18n },
  ]);
  const vault = await deployed("VestingVault", [
    await token.getAddress(),
    admin.address,
    admin.address,
    [{ minCliff: 0, minDuration: 3600, revocable: true }],
  ]);
  // The token's quadratic votes are synced from this registry (wired once, by the deployer).
  await (await token.wireIdentityRegistry(await registry.getAddress())).wait();
  const governor = await deployed("QuadraticGovernor", [await token.getAddress(), await registry.getAddress()]);
  return { admin, token, lp, registry, farm, vault, governor };
}

module.exports = { deploy };

if (require.main === module) {
  deploy()
    .then(async ({ farm, vault, governor }) => {
      console.log(`CappedStakingRewards ${await farm.getAddress()}`);
      console.log(`VestingVault ${await vault.getAddress()}`);
      console.log(`QuadraticGovernor ${await governor.getAddress()}`);
    })
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
