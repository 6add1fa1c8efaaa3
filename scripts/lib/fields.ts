import { getAddress, isAddress, isHexString, parseUnits } from "ethers";
import { z } from "zod";

/** An EVM address in any case; normalised to its checksummed form. Rejects the zero address. */
export const addressField = z
  .string()
  .refine((s) => isAddress(s), { message: "not an address" })
  .transform((s) => getAddress(s))
  .refine((s) => s !== "0x0000000000000000000000000000000000000000", { message: "zero address" });

/** A non-negative integer written in decimal (wei, ids, seconds) → bigint. */
export const uintField = z
  .string()
  .regex(/^[0-9]+$/, { message: "expected a non-negative integer" })
  .transform((s) => BigInt(s));

/** A strictly positive integer written in decimal → bigint. */
export const positiveUintField = uintField.refine((v) => v > 0n, { message: "must be greater than 0" });

/** A token amount in whole units with up to 18 decimals ("1.5") → wei as bigint, > 0. */
export const tokenAmountField = z
  .string()
  .regex(/^[0-9]+(\.[0-9]{1,18})?$/, { message: "expected an amount like 1000 or 12.5 (at most 18 decimals)" })
  .transform((s) => parseUnits(s, 18))
  .refine((v) => v > 0n, { message: "must be greater than 0" });

/** 0x-prefixed hex bytes. */
export const hexBytesField = z.string().refine((s) => isHexString(s) && s.length % 2 === 0, {
  message: "expected 0x-prefixed hex bytes",
});
