// The Lab index's thumbnails: each experiment's headline number per arm as
// small horizontal bars (or, when the experiment measured a matrix, that
// matrix as a tiny heatmap), drawn as inline SVG from the native run that
// web/src/lab/measured.json records (held by tests/engine/test_lab.cpp).

export interface Thumbnail {
  /** The number each bar shows, e.g. "test accuracy %". */
  key: string;
  arms: string[];
  values: number[];
  matrix?: { title: string; rows: string[]; columns: string[]; values: number[] };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en');
  return Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** Bars scaled to the largest value; a negative value (e.g. "not reached": −1) gets no bar. */
function bars(t: Thumbnail): string {
  const width = 240, row = 14, label = 92;
  const top = Math.max(...t.values.filter((v) => v > 0), 1e-12);
  const body = t.arms.map((arm, i) => {
    const v = t.values[i] ?? 0;
    const y = i * row;
    const w = v > 0 ? Math.max(1, ((width - label - 44) * v) / top) : 0;
    return `<text x="0" y="${y + 10}" class="lab-thumb-label">${escapeXml(arm.length > 15 ? `${arm.slice(0, 14)}…` : arm)}</text>
      <rect x="${label}" y="${y + 2}" width="${w.toFixed(1)}" height="${row - 4}" fill="#79c0ff"></rect>
      <text x="${(label + w + 4).toFixed(1)}" y="${y + 10}" class="lab-thumb-value">${v < 0 ? 'not reached' : escapeXml(format(v))}</text>`;
  }).join('');
  return `<svg class="lab-thumb" viewBox="0 0 ${width} ${t.arms.length * row + 14}" role="img" aria-label="${escapeXml(`${t.key} per arm: ${t.arms.map((a, i) => `${a} ${format(t.values[i] ?? 0)}`).join(', ')}`)}">
    ${body}<text x="0" y="${t.arms.length * row + 11}" class="lab-thumb-key">${escapeXml(t.key)}</text></svg>`;
}

/** A heatmap: orange for positive values, blue for negative, opacity by |value| / max. */
function heatmap(m: NonNullable<Thumbnail['matrix']>): string {
  const cell = 8;
  const scale = Math.max(...m.values.map(Math.abs)) || 1;
  const cells = m.rows.flatMap((_, i) => m.columns.map((__, j) => {
    const v = m.values[i * m.columns.length + j] ?? 0;
    return `<rect x="${j * cell}" y="${i * cell}" width="${cell}" height="${cell}" fill="${v >= 0 ? '#ffc83d' : '#79c0ff'}" fill-opacity="${Math.min(1, Math.abs(v) / scale).toFixed(2)}"></rect>`;
  })).join('');
  return `<svg class="lab-thumb lab-thumb-matrix" viewBox="0 0 ${m.columns.length * cell} ${m.rows.length * cell}" role="img" aria-label="${escapeXml(m.title)}">${cells}</svg>`;
}

export function thumbnailSvg(t: Thumbnail): string {
  return t.matrix === undefined ? bars(t) : `${heatmap(t.matrix)}${bars(t)}`;
}
