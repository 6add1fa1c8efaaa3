import type { TypedDataDomain } from "ethers";

/** An ERC-5267 contract (OZ EIP712): it reports its own signing domain. */
export interface Eip712Contract {
  eip712Domain(): Promise<[string, string, string, bigint, string, string, bigint[]] & { name: string }>;
}

/** The EIP-712 domain a contract verifies signatures under, read from the contract itself. */
export async function domainOf(contract: Eip712Contract): Promise<TypedDataDomain> {
  const [, name, version, chainId, verifyingContract] = await contract.eip712Domain();
  return { name, version, chainId, verifyingContract };
}
