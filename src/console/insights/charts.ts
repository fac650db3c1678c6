/**
 * Charts drawn on the server as SVG: no script, no external font, a title and a description for
 * screen readers (role="img", aria-labelledby), every number also written as text, and a viewBox
 * 320 units wide that scales to the width of a 360 px phone. Colours are presentation attributes
 * (the console's CSP forbids style attributes, not these).
 */

export interface BarRow {
  label: string;
  /** The bar's length; undefined when the number is hidden (then `note` is written instead). */
  value?: number;
  note?: string;
}

const WIDTH = 320;
const INK = '#1d2733';
const BAR = '#2f6f9f';
const MUTED = '#5b6570';

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!,
  );
}

/** Shortens a label to fit a line of the chart (the table under it has the full text). */
function fit(label: string, max = 46): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

const fmt = (n: number) => n.toLocaleString('en-GB');

function frame(id: string, title: string, desc: string, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, sans-serif" font-size="12">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>` +
    body +
    `</svg>`
  );
}

/**
 * A horizontal bar chart: each row's label on its own line, the bar under it and its number at the
 * bar's end (long labels need the width on a phone).
 */
export function barChart(o: { id: string; title: string; desc: string; rows: readonly BarRow[] }): string {
  const rowHeight = 36;
  const height = Math.max(1, o.rows.length) * rowHeight + 4;
  const max = Math.max(1, ...o.rows.map((r) => r.value ?? 0));
  const room = WIDTH - 70; // the longest bar leaves room for its number
  const parts = o.rows.map((r, i) => {
    const y = i * rowHeight;
    const label = `<text x="0" y="${y + 13}" fill="${INK}">${escapeXml(fit(r.label))}</text>`;
    if (r.value === undefined)
      return (
        label +
        `<text class="hidden-value" x="0" y="${y + 29}" fill="${MUTED}" font-style="italic">${escapeXml(r.note ?? 'not shown')}</text>`
      );
    const w = Math.max(2, Math.round((r.value / max) * room));
    return (
      label +
      `<rect class="bar" x="0" y="${y + 18}" width="${w}" height="14" rx="2" fill="${BAR}"><title>${escapeXml(`${r.label}: ${fmt(r.value)}`)}</title></rect>` +
      `<text x="${w + 4}" y="${y + 29}" fill="${INK}">${fmt(r.value)}</text>`
    );
  });
  return frame(o.id, o.title, o.desc, height, parts.join(''));
}

export interface LinePoint {
  label: string;
  /** Undefined when the week's number is hidden: the line breaks there. */
  value?: number;
}

/** A line over weeks; hidden weeks break the line and are marked on the axis. */
export function lineChart(o: {
  id: string;
  title: string;
  desc: string;
  points: readonly LinePoint[];
}): string {
  const height = 200;
  const left = 34;
  const right = 10;
  const top = 16;
  const bottom = 44;
  const plotW = WIDTH - left - right;
  const plotH = height - top - bottom;
  const n = o.points.length;
  const max = Math.max(1, ...o.points.map((p) => p.value ?? 0));
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  // Axes with their scale written out.
  parts.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${WIDTH - right}" y2="${top + plotH}" stroke="${MUTED}" stroke-width="1"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="${MUTED}" stroke-width="1"/>`,
    `<text x="${left - 4}" y="${top + 4}" text-anchor="end" fill="${MUTED}" font-size="10">${fmt(max)}</text>`,
    `<text x="${left - 4}" y="${top + plotH + 4}" text-anchor="end" fill="${MUTED}" font-size="10">0</text>`,
  );
  // The line, broken where a week is hidden.
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1)
      parts.push(
        `<polyline class="line" points="${run.join(' ')}" fill="none" stroke="${BAR}" stroke-width="2"/>`,
      );
    run = [];
  };
  o.points.forEach((p, i) => {
    if (p.value === undefined) return flush();
    run.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  flush();
  const labelEvery = Math.max(1, Math.ceil(n / 6));
  o.points.forEach((p, i) => {
    const cx = x(i).toFixed(1);
    if (p.value !== undefined) {
      const cy = y(p.value).toFixed(1);
      parts.push(
        `<circle class="point" cx="${cx}" cy="${cy}" r="3" fill="${BAR}"><title>${escapeXml(`${p.label}: ${fmt(p.value)}`)}</title></circle>`,
      );
      if (n <= 13)
        parts.push(
          `<text x="${cx}" y="${(Number(cy) - 6).toFixed(1)}" text-anchor="middle" fill="${INK}" font-size="9">${fmt(p.value)}</text>`,
        );
    } else {
      parts.push(
        `<text class="hidden-value" x="${cx}" y="${top + plotH - 4}" text-anchor="middle" fill="${MUTED}" font-size="10">×<title>${escapeXml(`${p.label}: hidden`)}</title></text>`,
      );
    }
    if (i % labelEvery === 0 || i === n - 1)
      parts.push(
        `<text x="${cx}" y="${top + plotH + 14}" text-anchor="middle" fill="${MUTED}" font-size="9">${escapeXml(p.label.replace(/^\d{4}-/, ''))}</text>`,
      );
  });
  if (o.points.some((p) => p.value === undefined))
    parts.push(
      `<text x="${left}" y="${height - 6}" fill="${MUTED}" font-size="10">× a week with too few workers to show</text>`,
    );
  return frame(o.id, o.title, o.desc, height, parts.join(''));
}
