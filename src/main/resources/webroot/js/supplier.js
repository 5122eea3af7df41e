// One supplier: score, why (factor chart + evidence), upstream graph, screening matches to review,
// decision form, score history. Printable (see console.css @media print).
import { api, download, ApiError } from './api.js';
import { h, table, short, announce } from './dom.js';
import { t, lang, dateTime, number } from './i18n.js';
import { contributionChart, historyChart } from './charts.js';
import { upstreamGraph } from './graph.js';
import { bandBadge } from './suppliers.js';
import { problemBox } from './problem.js';
import { reasonText } from './screening.js';

const HIDDEN = new Set(['id', 'type']);

function value(v) {
  if (Array.isArray(v)) return v.map(value).join('; ');
  if (typeof v === 'string' && v.startsWith('http')) return short(v);
  if (v === 'true') return t('yes');
  if (v === 'false') return t('no');
  return String(v);
}

function evidenceItem(e) {
  if (e.supplierId && Object.keys(e).length === 1) {
    return h('p', {}, t('ev.upstreamOf'), ' ',
      h('a', { href: `#/supplier/${encodeURIComponent(e.supplierId)}`, text: e.supplierId }));
  }
  const kind = e.type ? t(`type.${short(e.type)}`) : t('evidence');
  const rows = Object.entries(e).filter(([k]) => !HIDDEN.has(k)).map(([k, v]) =>
    [h('dt', { text: t(`ev.${k}`) }),
      h('dd', {}, typeof v === 'string' && /^https?:\/\/(?!w3id\.org\/libertas\/(data|country|ns))/.test(v)
        ? h('a', { href: v, rel: 'noopener noreferrer', target: '_blank', text: v })
        : value(v))]);
  return h('div', { class: 'evidence-item' }, h('h4', { text: kind }), h('dl', {}, rows));
}

function factorList(factors) {
  return h('ol', { class: 'factors', id: 'factor-list' }, factors.map((f) => h('li', { class: f.hardStop ? 'hard' : '' },
    h('details', {},
      h('summary', {},
        h('span', { class: 'pts', text: `+${number(f.contribution, 1)}` }), ' ',
        h('strong', { text: f.display || f.label }), ' ',
        h('span', { class: 'muted', text: `(${f.familyLabel || f.family})` }),
        f.hardStop ? h('span', { class: 'tag stop', text: t('hardStop') }) : null),
      h('div', { class: 'factor-body' },
        f.source ? h('p', {}, `${t('source')}: `, h('a', { href: f.source, rel: 'noopener noreferrer', target: '_blank', text: f.source })) : null,
        (f.evidence || []).map(evidenceItem))))));
}

function matchesSection(matches, onReviewed) {
  if (!matches) return h('p', { class: 'muted', text: t('supplier.noDossier') });
  if (!matches.length) return h('p', { text: t('supplier.noMatches') });
  const rows = matches.map((m) => {
    const note = h('input', { id: `note-${m.matchId}`, name: 'note', maxlength: 2000 });
    const form = h('form', { class: 'inline' },
      h('label', { for: `note-${m.matchId}`, text: t('review.note') }), note,
      h('button', { type: 'submit', name: 'decision', value: 'confirm', text: t('review.confirm') }),
      h('button', { type: 'submit', name: 'decision', value: 'dismiss', class: 'secondary', text: t('review.dismiss') }));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const decision = e.submitter?.value || 'confirm';
      try {
        await api(`/v1/screening/matches/${encodeURIComponent(m.matchId)}/review`, {
          method: 'POST', body: { decision, note: note.value || undefined } });
        announce(t('review.done'));
        onReviewed();
      } catch (err) {
        form.append(problemBox(err));
      }
    });
    return h('tr', {},
      h('td', {}, h('strong', { text: m.screened?.name }), h('br'), h('span', { class: 'muted', text: t(`kind.${m.screened?.kind}`) })),
      h('td', {}, m.entry?.name, h('br'), h('span', { class: 'muted', text: short(m.entry?.source) })),
      h('td', { class: 'num', text: number(m.score, 2) }),
      h('td', { text: t(`match.${m.status}`) }),
      h('td', {}, h('ul', { class: 'reasons' }, (m.reasons || []).map((r) => h('li', { text: reasonText(r) })))),
      h('td', {}, m.review ? h('p', { text: `${t(`match.${m.review.decision}`)} — ${m.review.note || ''}` }) : null, form));
  });
  return table(t('supplier.matches'), [t('screened'), t('listEntry'), t('col.score'), t('status'), t('reasons'), t('review')], rows, { id: 'matches-table' });
}

function decisionForm(supplierId, onDone) {
  const conditions = h('textarea', { id: 'd-conditions', name: 'conditions', rows: 2, maxlength: 5000 });
  const decision = h('select', { id: 'd-decision', name: 'decision', required: true },
    ['approve', 'approve-with-conditions', 'reject', 'suspend'].map((d) => h('option', { value: d, text: t(`decision.${d}`) })));
  const out = h('div', { role: 'status' });
  const form = h('form', { id: 'decision-form', class: 'card' },
    h('label', { for: 'd-decision', text: t('decision') }), decision,
    h('label', { for: 'd-rationale', text: t('rationale') }),
    h('textarea', { id: 'd-rationale', name: 'rationale', rows: 3, required: true, maxlength: 5000 }),
    h('label', { for: 'd-conditions', text: t('conditions') }), conditions,
    h('button', { type: 'submit', text: t('decision.submit') }), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (!data.conditions) delete data.conditions;
    out.replaceChildren();
    try {
      const d = await api(`/v1/suppliers/${encodeURIComponent(supplierId)}/decisions`, { method: 'POST', body: data });
      out.append(h('p', { class: 'ok', text: t('decision.saved', { id: d.id, score: d.snapshot?.score ?? '–' }) }));
      onDone();
    } catch (err) {
      out.append(problemBox(err));
    }
  });
  return form;
}

// The supplier's identifiers in other registers; the OS ID links to its Open Supply Hub page.
function identifierList(ids) {
  if (!ids) return null;
  const rows = [
    ['osId', ids.osId && h('a', { href: `https://opensupplyhub.org/facilities/${encodeURIComponent(ids.osId)}`,
      rel: 'noopener noreferrer', target: '_blank', text: ids.osId })],
    ['leiId', ids.leiId], ['dunsId', ids.dunsId], ['registrationId', ids.registrationId],
  ].filter(([, v]) => v);
  if (!rows.length) return null;
  return h('dl', { id: 'identifiers', class: 'identifiers', title: t('supplier.identifiers') },
    rows.map(([k, v]) => [h('dt', { text: t(`ev.${k}`) }), h('dd', {}, v)]));
}

async function optional(promise) {
  try { return await promise; } catch (err) { if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return null; throw err; }
}

export async function supplierView(supplierId) {
  const l = lang();
  const id = encodeURIComponent(supplierId);
  const [risk, history, upstream, dossier] = await Promise.all([
    api(`/v1/suppliers/${id}/risk?lang=${l}`),
    optional(api(`/v1/suppliers/${id}/risk/history`)),
    optional(api(`/v1/suppliers/${id}/upstream?depth=5`)),
    optional(api(`/v1/suppliers/${id}/dossier?lang=${l}`, { accept: 'application/json' })),
  ]);
  const rerender = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
  const factors = [...risk.factors].sort((a, b) => b.contribution - a.contribution);
  // Two factors of the same rule (two goods, two findings) are told apart by their evidence.
  const count = {};
  factors.forEach((f) => { count[f.label] = (count[f.label] || 0) + 1; });
  const hint = (f) => {
    const e = (f.evidence || []).find((x) => x.ilabGoodName || x.indicator || x.name || x.label) || {};
    return e.ilabGoodName || short(e.indicator) || e.name || e.label;
  };
  factors.forEach((f) => { f.display = count[f.label] > 1 && hint(f) ? `${f.label}: ${hint(f)}` : f.label; });
  const chartTitle = t('supplier.chartTitle', { name: risk.name, score: risk.score });

  const graphBox = h('div', { id: 'upstream-graph', class: 'graph', role: 'img', 'aria-label': t('supplier.graphLabel') });
  const section = h('article', { class: 'supplier', 'aria-labelledby': 'supplier-title' },
    h('p', { class: 'no-print' }, h('a', { href: '#/suppliers', text: `← ${t('nav.suppliers')}` })),
    h('h1', { id: 'supplier-title', text: risk.name }),
    h('p', { class: 'muted' }, [supplierId, dossier?.country, dossier?.region, dossier?.sector,
      dossier ? `${t('col.tier')} ${dossier.tier}` : null].filter(Boolean).join(' · ')),
    identifierList(risk.identifiers),
    h('div', { class: `scorecard row-${risk.band}` },
      h('div', { class: 'score', id: 'score' }, h('span', { class: 'big', text: risk.score }), h('span', { text: '/100' })),
      h('div', {}, bandBadge(risk.band, risk.bandLabel),
        h('p', {}, h('strong', { text: `${t('col.recommendation')}: ` }), risk.nextStep?.label || t(`rec.${risk.recommendation}`)),
        risk.nextStep?.reason ? h('p', { id: 'next-step', class: 'small' }, risk.nextStep.reason) : null,
        risk.context ? h('p', { id: 'dimensions' }, `${t('supplier.context')}: `, bandBadge(risk.context.band, risk.context.bandLabel),
          ` ${risk.context.score} · ${t('supplier.evidence2')}: `, bandBadge(risk.evidence.band, risk.evidence.bandLabel), ` ${risk.evidence.score}`) : null,
        risk.hardStops.length ? h('p', { class: 'stop-text' }, h('strong', { text: `${t('supplier.hardStops')}: ` }),
          risk.hardStops.map((f) => f.label).join('; ')) : null,
        (risk.unassessed || []).length ? h('div', { id: 'unassessed', class: 'unassessed', role: 'note' },
          h('strong', { text: t('supplier.unassessed') }),
          h('ul', {}, risk.unassessed.map((u) => h('li', {}, h('code', { text: `${u.field}: ${u.value}` }), ` — ${u.label}`))))
          : null)),
    h('div', { class: 'actions no-print' },
      h('button', { type: 'button', id: 'print', text: t('supplier.print'), onclick: () => window.print() }),
      h('button', { type: 'button', class: 'secondary', text: t('supplier.downloadDossier'),
        onclick: () => download(`/v1/suppliers/${id}/dossier?lang=${l}`, `dossier-${supplierId}.html`, 'text/html') })),
    h('section', { 'aria-labelledby': 'why-title' },
      h('h2', { id: 'why-title', text: t('supplier.why') }),
      h('p', { text: t('supplier.whyHelp') }),
      h('figure', { id: 'factor-chart' }, contributionChart(factors.map((f) => ({ label: f.display, value: f.contribution, hardStop: f.hardStop })), chartTitle),
        h('figcaption', { text: chartTitle })),
      h('h3', { text: t('supplier.evidence') }),
      factorList(factors),
      h('p', { class: 'muted small' }, t('supplier.versions', { o: risk.ontologyVersion, d: risk.dataVersion, asOf: risk.asOf, at: dateTime(risk.computedAt) }))),
    h('section', { 'aria-labelledby': 'upstream-title', class: 'page-break' },
      h('h2', { id: 'upstream-title', text: t('supplier.upstream') }),
      upstream && upstream.nodes.length > 1 ? [h('p', { text: t('supplier.upstreamHelp') }), graphBox,
        table(t('supplier.upstreamTable'), [t('col.name'), t('col.id'), t('col.score'), t('col.band'), t('depth')],
          upstream.nodes.map((n) => h('tr', {},
            h('td', {}, h('a', { href: `#/supplier/${encodeURIComponent(n.supplierId)}`, text: n.name })),
            h('td', { text: n.supplierId }), h('td', { class: 'num', text: n.score ?? '–' }),
            h('td', {}, bandBadge(n.band)), h('td', { class: 'num', text: n.depth }))), { class: 'compact' })]
        : h('p', { id: 'no-upstream', text: t('supplier.noUpstream') })),
    h('section', { 'aria-labelledby': 'matches-title' },
      h('h2', { id: 'matches-title', text: t('supplier.matches') }),
      matchesSection(dossier ? dossier.screening : null, rerender)),
    h('section', { 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title', text: t('supplier.history') }),
      history && history.items.length
        ? h('figure', { id: 'history-chart' }, historyChart([...history.items].reverse().map((p) => ({
          score: p.score, band: p.band, label: dateTime(p.computedAt) })), t('supplier.history')))
        : h('p', { text: t('none') })),
    h('section', { 'aria-labelledby': 'decision-title', class: 'no-print-form' },
      h('h2', { id: 'decision-title', text: t('supplier.decisions') }),
      dossier && dossier.decisions.length ? h('ul', { id: 'decisions' }, dossier.decisions.map((d) =>
        h('li', {}, h('strong', { text: t(`decision.${d.decision}`) }), ` — ${dateTime(d.at)}: ${d.rationale}`,
          d.conditions ? ` (${t('conditions')}: ${d.conditions})` : ''))) : null,
      decisionForm(supplierId, rerender)));
  if (upstream && upstream.nodes.length > 1) {
    // Drawn once the container is in the document and has its size.
    requestAnimationFrame(() => upstreamGraph(graphBox, supplierId, upstream.nodes, upstream.edges,
      (sid) => { location.hash = `#/supplier/${encodeURIComponent(sid)}`; })
      .catch((err) => graphBox.replaceChildren(problemBox(err))));
  }
  return section;
}
