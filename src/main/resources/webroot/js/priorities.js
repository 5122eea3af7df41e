// Landing view for compliance: the due-diligence work queue (GET /v1/priorities), where due
// diligence buys the most first, each supplier with its next step and why.
import { api } from './api.js';
import { h, table } from './dom.js';
import { lang, number, t } from './i18n.js';
import { bandBadge } from './suppliers.js';

function query(cursor) {
  const q = new URLSearchParams({ limit: '25', lang: lang() });
  if (cursor) q.set('cursor', cursor);
  return `/v1/priorities?${q}`;
}

function coverage(c) {
  if (!c) return '';
  const parts = [c.lastAuditOn ? t('queue.audited', { on: c.lastAuditOn }) : t('queue.neverAudited')];
  if ((c.unknownTiers || []).length) parts.push(t('queue.unknownTiers', { tiers: c.unknownTiers.join(', ') }));
  if ((c.unassessed || []).length) parts.push(t('queue.unassessed', { fields: c.unassessed.join(', ') }));
  return parts.join(' · ');
}

function row(p) {
  const step = p.nextStep || {};
  return h('tr', { class: `row-${p.band}` },
    h('td', {}, h('a', { href: `#/supplier/${encodeURIComponent(p.supplierId)}`, text: p.name })),
    h('td', { class: 'num', text: number(p.priority * 100, 1) }),
    h('td', {}, p.context ? bandBadge(p.context.band) : null, p.context ? ` ${p.context.score}` : ''),
    h('td', {}, p.evidence ? bandBadge(p.evidence.band) : null, p.evidence ? ` ${p.evidence.score}` : ''),
    h('td', { text: coverage(p.coverage) }),
    h('td', { class: 'next-step' }, h('strong', { text: step.label || t(`rec.${step.recommendation}`) }),
      step.reason ? h('p', { class: 'small', text: step.reason }) : null));
}

export async function prioritiesView() {
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
  const tbl = table(t('queue.caption'), [t('col.name'), t('queue.priority'), t('queue.context'),
    t('queue.evidence'), t('queue.coverage'), t('queue.nextStep')], []);
  tbl.querySelector('tbody').replaceWith(body);
  tbl.id = 'priorities-table';
  return h('section', { 'aria-labelledby': 'queue-title' },
    h('h1', { id: 'queue-title', text: t('queue.title') }),
    h('p', { class: 'muted', text: t('queue.help') }),
    h('div', { class: 'table-wrap' }, tbl), more);
}
