// Axis tick labels shared by the uPlot charts (training panel, playground):
// a tick is printed with enough digits to tell it from its neighbours, so a
// log axis reads "1, 0.1, 0.01, 1e-3, 1e-4", never "0.001, 0, 0".

/** Text for one axis tick: thousands as "12k", small values in scientific notation. */
export function tickLabel(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const size = Math.abs(value);
  if (size >= 1000) return `${+(value / 1000).toFixed(1)}k`;
  if (size < 0.01) return value.toExponential(0);
  return String(+value.toPrecision(3));
}

/** uPlot `values` callback built on tickLabel. */
export function tickLabels(_u: unknown, ticks: (number | null)[]): string[] {
  return ticks.map(tickLabel);
}
