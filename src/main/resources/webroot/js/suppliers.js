// Landing view: the tenant's suppliers, riskiest first, with band colours and one click to "why".
import { api } from './api.js';
import { h, table } from './dom.js';
import { t } from './i18n.js';

export function bandBadge(band, label) {
  return h('span', { class: `band band-${band || 'none'}`, text: label || t(`band.${band || 'none'}`) });
}

const filters = { band: '', country: '', commodity: '', hardStop: '', sort: '-score' };

function query(cursor) {
  const q = new URLSearchParams({ limit: '50' });
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  if (cursor) q.set('cursor', cursor);
  return `/v1/suppliers?${q}`;
}

function row(s) {
  return h('tr', { class: `row-${s.band}` },
    h('td', {}, h('a', { href: `#/supplier/${encodeURIComponent(s.supplierId)}`, text: s.name })),
    h('td', { text: s.supplierId }),
    h('td', { class: 'num' }, h('strong', { text: s.score ?? '–' })),
    h('td', {}, bandBadge(s.band), s.hardStop ? h('span', { class: 'tag stop', text: t('hardStop') }) : null),
    h('td', { text: t(`rec.${s.recommendation}`) }),
    h('td', { text: s.country }),
    h('td', { text: s.sector || '' }),
    h('td', { text: (s.commodities || []).join(', ') }),
    h('td', { class: 'num', text: s.tier ?? '' }));
}

function select(id, label, options, key) {
  const el = h('select', { id, name: key }, options.map(([v, l]) => h('option', { value: v, text: l })));
  el.value = filters[key];
  return [h('label', { for: id, text: label }), el];
}

export async function suppliersView() {
  const page = await api(query());
  const body = h('tbody', {}, page.items.map(row));
  const more = h('button', { type: 'button', class: 'secondary', text: t('more') });
  let cursor = page.nextCursor;
  more.hidden = !cursor;
  more.addEventListener('click', async () => {
    const next = await api(query(cursor));
    body.append(...next.items.map(row));
    cursor = next.nextCursor;
    more.hidden = !cursor;
  });
  const headers = [t('col.name'), t('col.id'), t('col.score'), t('col.band'), t('col.recommendation'),
    t('col.country'), t('col.sector'), t('col.commodities'), t('col.tier')];
  const tbl = table(t('suppliers.caption'), headers, []);
  tbl.querySelector('tbody').replaceWith(body);
  tbl.id = 'suppliers-table';

  const form = h('form', { class: 'filters', id: 'supplier-filters' },
    select('f-band', t('col.band'), [['', t('all')], ...['critical', 'high', 'medium', 'low'].map((b) => [b, t(`band.${b}`)])], 'band'),
    h('label', { for: 'f-country', text: t('col.country') }),
    h('input', { id: 'f-country', name: 'country', value: filters.country, size: 3, maxlength: 2, placeholder: 'TH' }),
    h('label', { for: 'f-commodity', text: t('col.commodity') }),
    h('input', { id: 'f-commodity', name: 'commodity', value: filters.commodity, size: 10, placeholder: 'gold' }),
    select('f-hard', t('hardStop'), [['', t('all')], ['true', t('yes')], ['false', t('no')]], 'hardStop'),
    select('f-sort', t('sort'), [['-score', t('sort.riskiest')], ['score', t('sort.safest')], ['name', t('sort.name')], ['-name', t('sort.nameDesc')]], 'sort'),
    h('button', { type: 'submit', text: t('apply') }));
  const status = h('p', { class: 'error', role: 'alert' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    for (const k of Object.keys(filters)) filters[k] = (data.get(k) || '').trim();
    status.textContent = '';
    try {
      const p = await api(query());
      body.replaceChildren(...p.items.map(row));
      cursor = p.nextCursor;
      more.hidden = !cursor;
    } catch (err) {
      status.textContent = err.message;
    }
  });

  const top = filters.sort === '-score' && !filters.band && page.items[0];
  return h('section', { 'aria-labelledby': 'suppliers-title' },
    h('h1', { id: 'suppliers-title', text: t('suppliers.title') }),
    top ? h('div', { class: `callout row-${top.band}` },
      h('p', {}, t('suppliers.riskiest'), ' ', h('strong', { text: top.name }), ' — ',
        `${top.score}/100 `, bandBadge(top.band)),
      h('a', { class: 'button', id: 'why-riskiest', href: `#/supplier/${encodeURIComponent(top.supplierId)}`, text: t('suppliers.why') })) : null,
    form, status,
    h('div', { class: 'table-wrap' }, tbl), more);
}
