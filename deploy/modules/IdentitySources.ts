import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Coinbase Verifications as an identity source (`CoinbaseVerificationSource`). Every parameter is
 * required (never hard-coded): `eas` (on Base, the predeploy 0x4200…0021), `attester` (Coinbase's
 * attester), `indexer` (Coinbase's attestation indexer) and `schema` (the "Verified Account"
 * schema UID). The source admits nobody until governance adds it: a proposal calling
 * `IdentityRegistry.addSource(source)`.
 */
export const CoinbaseSourceModule = buildModule("CoinbaseSource", (m) => {
  const source = m.contract("CoinbaseVerificationSource", [
    m.getParameter<string>("eas"),
    m.getParameter<string>("attester"),
    m.getParameter<string>("indexer"),
    m.getParameter<string>("schema"),
  ]);
  return { source };
});

/**
 * Gitcoin Passport scores as an identity source (`GitcoinPassportSource`). Every parameter is
 * required: `admin` (the suite's timelock, which receives DEFAULT_ADMIN_ROLE and GOVERNOR_ROLE: it
 * sets the threshold), `eas`,
 * `attester` (Gitcoin's attester proxy), `resolver` (the GitcoinResolver of the score schema),
 * `schema` (the score schema UID on this chain) and `threshold` (4 decimals: 200000 = 20.0). Added
 * to the registry by a governance proposal, like any source.
 */
export const GitcoinSourceModule = buildModule("GitcoinSource", (m) => {
  const source = m.contract("GitcoinPassportSource", [
    m.getParameter<string>("eas"),
    m.getParameter<string>("attester"),
    m.getParameter<string>("resolver"),
    m.getParameter<string>("schema"),
    m.getParameter<string>("admin"),
    m.getParameter<bigint>("threshold"),
  ]);
  return { source };
});
