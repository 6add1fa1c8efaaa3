/**
 * One look per mechanism across every chart of the report: the same id always gets the same
 * colour, dash pattern and point shape (Okabe–Ito colours, readable with colour-blindness), so a
 * reader who learnt "blue solid = Counterweight" in one chart reads every other chart the same way.
 * Dashes and shapes also tell apart lines that overlap (two linear governors draw the same curve).
 */
export interface Look {
  color: string;
  /** Vega strokeDash: [1, 0] is solid. */
  dash: number[];
  /** Vega point shape, for charts with markers. */
  shape: string;
}

export const MECHANISM_LOOKS: Readonly<Record<string, Look>> = {
  counterweight: { color: "#0072B2", dash: [1, 0], shape: "circle" },
  "oz-governor-simple": { color: "#E69F00", dash: [8, 3], shape: "square" },
  "uniswap-governor-alpha": { color: "#CC79A7", dash: [2, 2], shape: "diamond" },
  "uniswap-staking-rewards": { color: "#D55E00", dash: [8, 3], shape: "square" },
  "uniswap-treasury-vester": { color: "#009E73", dash: [8, 3], shape: "square" },
  "liquid-at-launch": { color: "#000000", dash: [2, 2], shape: "diamond" },
};

/** The diagonal of perfect equality in Lorenz charts: the same grey dotted line everywhere. */
export const EQUALITY_LOOK: Look = { color: "#888888", dash: [3, 5], shape: "cross" };

/** Looks for mechanisms no scenario has reported before (a new baseline): distinct from the above. */
const SPARE_LOOKS: readonly Look[] = [
  { color: "#56B4E9", dash: [12, 4], shape: "triangle-up" },
  { color: "#882255", dash: [4, 2, 1, 2], shape: "triangle-down" },
  { color: "#44AA99", dash: [1, 3], shape: "cross" },
];

/** The look of a mechanism id; an unknown id gets a spare look chosen from its name (stable). */
export function lookOf(id: string): Look {
  const known = MECHANISM_LOOKS[id];
  if (known !== undefined) return known;
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return SPARE_LOOKS[h % SPARE_LOOKS.length];
}

/** Whales, VCs and retail in share charts: neutral tones, apart from every mechanism colour. */
export const GROUP_LOOKS: Readonly<Record<"whale" | "vc" | "retail", { label: string; color: string; text: string }>> =
  {
    whale: { label: "Whales", color: "#3d3d3d", text: "#ffffff" },
    vc: { label: "VCs", color: "#8c8c8c", text: "#ffffff" },
    retail: { label: "Retail", color: "#d4d4d4", text: "#000000" },
  };

/** A mechanism of a chart: the id that picks its look and the label its legend shows. */
export interface Series {
  id: string;
  label: string;
}

/**
 * Vega-Lite scales that pin every series to its look: the domain lists the labels in the order
 * given (legend order), the ranges the matching colours, dashes and shapes.
 */
export function seriesScales(series: readonly (Series & { look?: Look })[]) {
  const looks = series.map((s) => s.look ?? lookOf(s.id));
  const domain = series.map((s) => s.label);
  return {
    color: { domain, range: looks.map((l) => l.color) },
    strokeDash: { domain, range: looks.map((l) => l.dash) },
    shape: { domain, range: looks.map((l) => l.shape) },
  };
}
