/**
 * Generated blocks in Markdown: `<!-- generated:NAME -->` … `<!-- /generated:NAME -->`. A block whose
 * markers stand on their own lines holds Markdown blocks (a table, a paragraph); a block opened and
 * closed within a line holds inline text (a number, a word). Everything between the markers belongs
 * to the generator: editing it by hand is undone by `npm run docs:generate` and fails the test.
 */

export interface Block {
  name: string;
  /** True when the markers are inline (within a line of prose). */
  inline: boolean;
  /** Offsets of the text between the markers. */
  start: number;
  end: number;
}

const OPEN = /<!-- generated:([a-z0-9-]+) -->/g;

/** The blocks of a document, in order; throws on an unclosed, nested or mismatched block. */
export function findBlocks(text: string, file: string): Block[] {
  const blocks: Block[] = [];
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
  for (const m of text.matchAll(OPEN)) {
    const name = m[1];
    const start = (m.index ?? 0) + m[0].length;
    const close = `<!-- /generated:${name} -->`;
    const end = text.indexOf(close, start);
    if (end < 0) throw new Error(`${file}:${lineOf(start)}: block "${name}" is never closed (${close})`);
    const nested = text.slice(start, end).match(/<!-- \/?generated:[a-z0-9-]+ -->/);
    if (nested !== null) throw new Error(`${file}:${lineOf(start)}: block "${name}" contains another marker`);
    const lineStart = text.lastIndexOf("\n", m.index ?? 0) + 1;
    const inline = text.slice(lineStart, m.index).trim() !== "" || !text.slice(start, end).includes("\n");
    blocks.push({ name, inline, start, end });
  }
  const stray = [...text.matchAll(/<!-- \/generated:([a-z0-9-]+) -->/g)].filter(
    (c) => !blocks.some((b) => b.end === c.index && `<!-- /generated:${b.name} -->` === c[0]),
  );
  if (stray.length > 0) throw new Error(`${file}:${lineOf(stray[0].index ?? 0)}: closing marker without its opening`);
  return blocks;
}

/**
 * The document with every block's content replaced by `generate(name)`; throws naming the file and
 * line of a block no generator knows.
 */
export function fillBlocks(text: string, file: string, generate: (name: string) => string | undefined): string {
  let out = "";
  let at = 0;
  for (const b of findBlocks(text, file)) {
    const content = generate(b.name);
    if (content === undefined) {
      const line = text.slice(0, b.start).split("\n").length;
      throw new Error(`${file}:${line}: no generator for block "${b.name}" (scripts/docs/generators.ts)`);
    }
    out += text.slice(at, b.start) + (b.inline ? content.trim() : `\n\n${content.trim()}\n\n`);
    at = b.end;
  }
  return out + text.slice(at);
}
