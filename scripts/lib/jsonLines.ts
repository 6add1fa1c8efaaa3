/**
 * The 1-based line on which each object element of the top-level object's arrays starts, in order
 * (e.g. the entries of `{ "signatures": [ {…}, {…} ] }`), so a problem in the n-th entry can name
 * its line. Strings are skipped, so braces inside them do not count.
 */
export function arrayObjectLines(text: string): number[] {
  const lines: number[] = [];
  const stack: string[] = [];
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line++;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (c === "{" && stack.length === 2 && stack[0] === "{" && stack[1] === "[") lines.push(line);
      stack.push(c);
    } else if (c === "}" || c === "]") stack.pop();
  }
  return lines;
}
