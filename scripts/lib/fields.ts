import { getAddress, isHexString, parseUnits } from "ethers";
import { z } from "zod";
import { TaskError } from "./inputErrors";

/**
 * Why `s` is not a usable address, or undefined when it is one. A mixed-case address carries an
 * EIP-55 checksum: a wrong one (a typo) is reported as such rather than as "not an address".
 */
export function addressProblem(s: string): string | undefined {
  if (!/^0x[0-9a-fA-F]{40}$/.test(s)) {
    return "not an address";
  }
  const body = s.slice(2);
  const mixed = body !== body.toLowerCase() && body !== body.toUpperCase();
  if (mixed && getAddress(s.toLowerCase()) !== s) {
    return "bad EIP-55 checksum (mixed-case address with a typo?): check the address, or write it all lower-case to skip the check";
  }
  if (/^0x0{40}$/.test(s)) {
    return "zero address";
  }
  return undefined;
}

/** An EVM address in any case; normalised to its checksummed form. Rejects the zero address and bad checksums. */
export const addressField = z
  .string()
  .superRefine((s, ctx) => {
    const problem = addressProblem(s);
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", message: problem });
    }
  })
  .transform((s) => getAddress(s.toLowerCase()));

/** A non-negative integer written in decimal (wei, ids, seconds) → bigint. */
export const uintField = z
  .string()
  .regex(/^[0-9]+$/, { message: "expected a non-negative integer" })
  .transform((s) => BigInt(s));

/** A strictly positive integer written in decimal → bigint. */
export const positiveUintField = uintField.refine((v) => v > 0n, { message: "must be greater than 0" });

/**
 * Why `s` is not a token amount in whole units ("1000", "12.5", at most 18 decimals), or undefined.
 * A comma is refused rather than guessed at: "1,000" is a thousand in one locale and one in another.
 */
export function tokenAmountProblem(s: string): string | undefined {
  if (/^[0-9]+(\.[0-9]{1,18})?$/.test(s)) {
    return undefined;
  }
  if (s.includes(",")) {
    return `"${s}" contains a comma: write plain digits with "." for decimals (e.g. 1000 or 1000.5)`;
  }
  if (/^[0-9]+\.[0-9]{19,}$/.test(s)) {
    return "more than 18 decimals";
  }
  return "expected an amount like 1000 or 12.5 (at most 18 decimals)";
}

/** A token amount in whole units with up to 18 decimals ("1.5") → wei as bigint, > 0. */
export const tokenAmountField = z
  .string()
  .superRefine((s, ctx) => {
    const problem = tokenAmountProblem(s);
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", message: problem });
    }
  })
  .transform((s) => parseUnits(s, 18))
  .refine((v) => v > 0n, { message: "must be greater than 0" });

/** A task option in whole tokens (18 decimals) as wei, or a TaskError naming the option and value. */
export function tokenAmountParam(param: string, value: string): bigint {
  const parsed = tokenAmountField.safeParse(value);
  if (!parsed.success) throw new TaskError(`--${param} "${value}": ${parsed.error.issues[0].message}`);
  return parsed.data;
}

/** 0x-prefixed hex bytes. */
export const hexBytesField = z.string().refine((s) => isHexString(s) && s.length % 2 === 0, {
  message: "expected 0x-prefixed hex bytes",
});
