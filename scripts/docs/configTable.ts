import { z } from "zod";
import { CONFIG_FLAGS, flagName } from "../../sim/cli/flags";
import { bribeVotersConfig, buyIdentitiesConfig, configSchema, defaultConfig } from "../../sim/config/schema";

interface JsonNode {
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonNode>;
  oneOf?: JsonNode[];
  /** `{}` for a moved field (z.never): refused with a pointer to its new place, not documented. */
  not?: unknown;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * The scenario config's fields as a Markdown table (field, default, meaning), read from the zod
 * schema (descriptions) and its parsed defaults (values), so the docs cannot drift from the code.
 */
export function configTable(): string {
  const root = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as JsonNode;
  const defaults = defaultConfig() as unknown as Record<string, unknown>;
  const rows: string[] = [];
  const walk = (node: JsonNode, value: unknown, at: string[]) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (key === "$schema" || child.not !== undefined) continue;
      // A section absent from the defaults (e.g. whales.buyIdentities) documents its fields' schema defaults.
      const v = (value as Record<string, unknown> | undefined)?.[key] ?? child.default;
      const path = [...at, key];
      if (child.properties !== undefined && child.oneOf === undefined) {
        walk(child, v, path);
        continue;
      }
      rows.push(`| \`${path.join(".")}\` | \`${cell(JSON.stringify(v))}\` | ${cell(child.description ?? "")} |`);
    }
  };
  walk(root, defaults, []);
  return ["| Field | Default | Meaning |", "|:---|:---|:---|", ...rows].join("\n");
}

/** The `simulate` flags that set one config field each (sim/cli/flags.ts): flag, field, its default, meaning. */
export function configFlagTable(): string {
  const d0 = defaultConfig();
  // The strategies' sections are absent from the defaults: their fields' schema defaults apply.
  const whales = { ...d0.whales, buyIdentities: buyIdentitiesConfig(d0), bribeVoters: bribeVotersConfig(d0) };
  const defaults = { ...d0, whales } as unknown as Record<string, unknown>;
  const at = (path: readonly string[]) =>
    path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], defaults);
  const rows = CONFIG_FLAGS.map((f) => {
    const d = at(f.path);
    const meaning = f.description.replace(/ \(default: the config's [^)]*\)$/, "");
    const shown = d === undefined ? "absent" : `\`${cell(JSON.stringify(d))}\``;
    return `| \`${flagName(f.key)}\` | \`${f.path.join(".")}\` | ${shown} | ${cell(meaning)} |`;
  });
  return ["| Flag | Sets | Default | Meaning |", "|:---|:---|:---|:---|", ...rows].join("\n");
}
