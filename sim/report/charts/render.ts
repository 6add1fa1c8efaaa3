import type { TopLevelSpec } from "vega-lite";

/**
 * Vega-Lite → SVG in Node: compile to Vega, then render headless (renderer "none": no canvas, no
 * browser, no native build; text widths are estimated). Loaded on demand, they are large.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vl = await import("vega-lite");
  const vega = await import("vega");
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Shared look: readable fonts, white background, fixed size. */
export const BASE = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  width: 480,
  height: 320,
  background: "white",
  config: {
    font: "Helvetica, Arial, sans-serif",
    title: { fontSize: 15, anchor: "start" },
    axis: { labelFontSize: 11, titleFontSize: 12 },
    legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0 },
  },
} as const;

/**
 * Every legend: below the plot, one entry per line, and labelLimit 0 (no limit) so long mechanism
 * names are never cut to "…" (Vega's default cuts labels at 160 px).
 */
export const LEGEND = {
  orient: "bottom",
  direction: "vertical",
  columns: 1,
  labelLimit: 0,
  symbolStrokeWidth: 2.5,
} as const;
