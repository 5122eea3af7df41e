// Hand-written SVG charts. Each chart has a title and a text alternative; colours are not the only
// carrier of meaning (values are printed next to the bars and points).
import { s } from './dom.js';
import { number } from './i18n.js';

/** Horizontal bars: items [{label, value, hardStop}] sorted by value, largest first. */
export function contributionChart(items, title) {
  const rowH = 30;
  const labelW = 400;
  const barW = 340;
  const width = labelW + barW + 70;
  const height = items.length * rowH + 10;
  const max = Math.max(1, ...items.map((i) => i.value));
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart contributions',
    'aria-label': title, width: '100%',
  });
  svg.append(s('title', { text: title }));
  items.forEach((it, i) => {
    const y = i * rowH + 5;
    const w = Math.max(2, (it.value / max) * barW);
    const g = s('g', { class: it.hardStop ? 'bar hard' : 'bar' });
    const label = it.label.length > 58 ? `${it.label.slice(0, 57)}…` : it.label;
    g.append(
      s('text', { x: labelW - 8, y: y + 19, 'text-anchor': 'end', class: 'label', text: label }),
      s('rect', { x: labelW, y: y + 4, width: w, height: rowH - 10, rx: 3 }),
      s('text', { x: labelW + w + 6, y: y + 19, class: 'value', text: `+${number(it.value, 1)}` }),
    );
    g.append(s('title', { text: `${it.label}: +${number(it.value, 1)}` }));
    svg.append(g);
  });
  return svg;
}

/** A line of scores (0–100) over time: points [{at, score, band}], oldest first. */
export function historyChart(points, title) {
  const width = 680;
  const height = 220;
  const pad = { l: 40, r: 20, t: 15, b: 35 };
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart history', 'aria-label': title, width: '100%',
  });
  svg.append(s('title', { text: title }));
  const iw = width - pad.l - pad.r;
  const ih = height - pad.t - pad.b;
  const x = (i) => pad.l + (points.length === 1 ? iw / 2 : (i / (points.length - 1)) * iw);
  const y = (v) => pad.t + ih - (v / 100) * ih;
  for (const v of [0, 25, 50, 75, 100]) {
    svg.append(
      s('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis', text: String(v) }),
    );
  }
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  svg.append(s('path', { d, class: 'line' }));
  points.forEach((p, i) => {
    const c = s('circle', { cx: x(i), cy: y(p.score), r: 5, class: `point band-${p.band}` });
    c.append(s('title', { text: `${p.label}: ${p.score} (${p.bandLabel || p.band})` }));
    svg.append(c);
  });
  const first = points[0];
  const last = points[points.length - 1];
  svg.append(s('text', { x: pad.l, y: height - 10, class: 'axis', text: first.label }));
  if (points.length > 1) {
    svg.append(s('text', { x: width - pad.r, y: height - 10, 'text-anchor': 'end', class: 'axis', text: last.label }));
  }
  return svg;
}
