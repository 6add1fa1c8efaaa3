/**
 * A strict well-formedness check for the SVG the report writes (no XML parser is installed): one
 * root element, every tag closed in order, attributes quoted, no stray `<` or `&` in text.
 * Returns the element names in document order; throws on the first problem.
 */
export function checkWellFormedXml(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  let i = 0;
  let roots = 0;
  const text = (s: string, at: number) => {
    if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bad character data at ${at}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) {
      if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]}>`);
      if (xml.slice(i).trim() !== "") throw new Error("text after the root element");
      break;
    }
    const between = xml.slice(i, lt);
    if (stack.length === 0 && between.trim() !== "") throw new Error(`text outside the root at ${i}`);
    text(between, i);
    if (xml.startsWith("<?", lt) || xml.startsWith("<!--", lt)) {
      const end = xml.indexOf(xml.startsWith("<?", lt) ? "?>" : "-->", lt);
      if (end < 0) throw new Error(`unterminated declaration at ${lt}`);
      i = end + 2;
      continue;
    }
    const gt = xml.indexOf(">", lt);
    if (gt < 0) throw new Error(`unterminated tag at ${lt}`);
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) throw new Error(`</${name}> at ${lt} does not close the open element`);
    } else {
      const selfClosing = tag.endsWith("/");
      const m = /^([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*\/?$/.exec(tag);
      if (m === null) throw new Error(`malformed tag <${tag.slice(0, 60)}> at ${lt}`);
      if (stack.length === 0 && ++roots > 1) throw new Error("more than one root element");
      names.push(m[1]);
      if (!selfClosing) stack.push(m[1]);
    }
    i = gt + 1;
  }
  if (roots !== 1) throw new Error("no root element");
  return names;
}

/** The text content of every <text> element (titles, axis labels, legend entries). */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'"),
  );
}
