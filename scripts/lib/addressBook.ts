import fs from "node:fs";
import path from "node:path";
import { TaskError, stripBom } from "./inputErrors";

/** Where Ignition keeps a deployment: `<ignition root>/deployments/<deployment id>`. */
export function deploymentDir(ignitionRoot: string, deploymentId: string): string {
  return path.join(ignitionRoot, "deployments", deploymentId);
}

/** Ignition's default deployment id for a chain. */
export function defaultDeploymentId(chainId: bigint | number): string {
  return `chain-${chainId.toString()}`;
}

/**
 * The addresses of one Ignition deployment, keyed by future id ("Token#CounterweightToken"),
 * read from its deployed_addresses.json.
 */
export class AddressBook {
  constructor(
    readonly dir: string,
    readonly entries: Readonly<Record<string, string>>,
  ) {}

  static load(dir: string): AddressBook {
    const file = path.join(dir, "deployed_addresses.json");
    if (!fs.existsSync(file)) {
      throw new TaskError(
        `no deployment at ${dir} (missing deployed_addresses.json): deploy first or pass --deployment-id`,
      );
    }
    let raw: unknown;
    try {
      raw = JSON.parse(stripBom(fs.readFileSync(file, "utf8")));
    } catch (e) {
      throw new TaskError(`${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof raw !== "object" || raw === null) {
      throw new TaskError(`${file} is not an object`);
    }
    const entries: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v === "string") {
        entries[k] = v;
      }
    }
    return new AddressBook(dir, entries);
  }

  has(futureId: string): boolean {
    return futureId in this.entries;
  }

  /** The address of a future; throws listing the known ids when absent. */
  get(futureId: string): string {
    const a = this.entries[futureId];
    if (a === undefined) {
      throw new TaskError(`${futureId} is not in ${this.dir}; known: ${Object.keys(this.entries).join(", ")}`);
    }
    return a;
  }

  /** The first future id among `candidates` present in this deployment. */
  pick(...candidates: string[]): string {
    const found = candidates.find((c) => this.has(c));
    if (found === undefined) {
      throw new TaskError(
        `none of ${candidates.join(", ")} in ${this.dir}; known: ${Object.keys(this.entries).join(", ")}`,
      );
    }
    return this.entries[found];
  }

  /** The ABI Ignition stored for a future (deployments/<id>/artifacts/<futureId>.json). */
  abiOf(futureId: string): readonly unknown[] {
    const file = path.join(this.dir, "artifacts", `${futureId}.json`);
    if (!fs.existsSync(file)) {
      throw new TaskError(`no artifact for ${futureId} in ${this.dir}`);
    }
    const artifact = JSON.parse(fs.readFileSync(file, "utf8")) as { abi?: unknown[] };
    if (!Array.isArray(artifact.abi)) {
      throw new TaskError(`${file} has no abi`);
    }
    return artifact.abi;
  }
}
