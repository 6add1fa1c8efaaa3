import type { TypedDataDomain } from "ethers";

/** EIP-2612 `Permit` struct, as signed for OZ ERC20Permit tokens and Uniswap V2 pairs alike. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The EIP-712 domain of a permit token (both OZ and Uniswap V2 use version "1"). */
export async function permitDomain(
  token: { name(): Promise<string>; getAddress(): Promise<string> },
  chainId: bigint,
): Promise<TypedDataDomain> {
  return { name: await token.name(), version: "1", chainId, verifyingContract: await token.getAddress() };
}
