// Tiny DOM helpers: elements are built with properties and text, never with HTML strings,
// so nothing the API returns can run as markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

export function table(caption, headers, rows, attrs = {}) {
  return h('table', attrs,
    caption ? h('caption', { text: caption }) : null,
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col', text: x })))),
    h('tbody', {}, rows));
}

/** The last segment of an IRI, for display. */
export function short(iri) {
  if (typeof iri !== 'string') return iri;
  const m = iri.match(/[#/]([^#/]+)$/);
  return m && iri.startsWith('http') ? decodeURIComponent(m[1]) : iri;
}

export function announce(text) {
  const el = document.getElementById('status');
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 50);
}
