import fs from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { fillBlocks, findBlocks } from "./blocks";
import { GENERATORS } from "./generators";
import { Sources } from "./sources";

/** The documents that may hold generated blocks: README.md and docs/*.md. */
export function documents(root: string): string[] {
  const docs = fs
    .readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => path.join("docs", f));
  return ["README.md", ...docs];
}

/** A document as `npm run docs:generate` writes it: every block filled, then formatted by prettier. */
export async function generatedDocument(root: string, rel: string, sources: Sources): Promise<string> {
  const file = path.join(root, rel);
  const text = fs.readFileSync(file, "utf8");
  const filled = fillBlocks(text, rel, (name) => GENERATORS[name]?.(sources));
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(filled, { ...options, filepath: file });
}

export interface DocState {
  file: string;
  blocks: number;
  current: string;
  generated: string;
}

/** Every document with blocks, its current text and the text the committed reports give. */
export async function documentStates(root: string): Promise<DocState[]> {
  const sources = new Sources(root);
  const states: DocState[] = [];
  for (const rel of documents(root)) {
    const current = fs.readFileSync(path.join(root, rel), "utf8");
    const blocks = findBlocks(current, rel).length;
    if (blocks === 0) continue;
    states.push({ file: rel, blocks, current, generated: await generatedDocument(root, rel, sources) });
  }
  return states;
}

/** The first differing line of two texts, for a readable failure. */
export function firstDifference(a: string, b: string): string {
  const x = a.split("\n");
  const y = b.split("\n");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i])
      return `line ${i + 1}:\n  in the file:      ${x[i] ?? "(end)"}\n  from the reports: ${y[i] ?? "(end)"}`;
  }
  return "no difference";
}
