import { keccak_256 } from "js-sha3";

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * The EIP-55 checksummed form of an address, or a reason it is not one: 0x and 40 hex digits;
 * a mixed-case input must carry a valid checksum (all-lower and all-upper inputs carry none).
 * Same result as ethers' `getAddress` (tested against it), with js-sha3's keccak, which is several
 * times faster than the pure-JS keccak ethers uses: a million addresses are checksummed in seconds.
 */
export function checksumAddress(input: string): { ok: true; address: string } | { ok: false; reason: string } {
  if (!HEX_ADDRESS.test(input)) return { ok: false, reason: `"${input}" is not an address (0x and 40 hex digits)` };
  const hex = input.slice(2);
  const lower = hex.toLowerCase();
  const hash = keccak_256.array(lower);
  // EIP-55: a letter is upper-case where its nibble of keccak(lower-case hex) is >= 8.
  const codes = new Array<number>(42);
  codes[0] = 48; // "0"
  codes[1] = 120; // "x"
  for (let i = 0; i < 40; i++) {
    const c = lower.charCodeAt(i);
    const nibble = i & 1 ? hash[i >> 1] & 15 : hash[i >> 1] >> 4;
    codes[i + 2] = c >= 97 && nibble >= 8 ? c - 32 : c;
  }
  const out = String.fromCharCode(...codes);
  if (hex !== lower && hex !== hex.toUpperCase() && out.slice(2) !== hex)
    return { ok: false, reason: `"${input}" has a bad EIP-55 checksum (expected ${out})` };
  return { ok: true, address: out };
}

/** Ascending address order (numeric, i.e. lower-case hex). */
export function compareAddress(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
