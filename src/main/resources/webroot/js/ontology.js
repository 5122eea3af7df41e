// NGO analyst: the indicators (in the interface language), the rules with their sources, the
// versions; submit a draft, read its validation report, publish it and read its impact, roll back.
import { api, download, ApiError } from './api.js';
import { h, table, short, announce } from './dom.js';
import { t, lang, dateTime, number } from './i18n.js';
import { problemBox } from './problem.js';

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

function reportView(draft, refused) {
  const issues = draft?.report?.issues || [];
  return h('div', { id: 'draft-report', class: refused ? 'problem' : 'okbox', role: 'alert' },
    h('h3', { text: refused ? t('draft.refused') : t('draft.valid') }),
    draft ? h('p', { class: 'muted', text: t('draft.meta', { id: draft.id, base: draft.baseVersion, triples: draft.report?.triples ?? '–' }) }) : null,
    issues.length ? table(t('draft.issues'), [t('draft.stage'), t('col.message'), t('col.line'), t('col.column'), t('draft.focus')],
      issues.map((i) => h('tr', {}, h('td', { text: i.stage }), h('td', { text: i.message }),
        h('td', { class: 'num', text: i.line ?? '' }), h('td', { class: 'num', text: i.column ?? '' }),
        h('td', { text: [short(i.focusNode), short(i.path)].filter(Boolean).join(' · ') }))), { id: 'draft-issues' }) : null);
}

async function impactView(version) {
  let impact = await api(`/v1/ontology/versions/${version}/impact`);
  for (let i = 0; i < 60 && impact.rescoring !== 'complete'; i += 1) {
    await sleep(500);
    impact = await api(`/v1/ontology/versions/${version}/impact`);
  }
  return h('div', { id: 'impact-report', class: 'card' },
    h('h3', { text: t('impact.title', { v: version }) }),
    h('p', { text: t('impact.status', { s: impact.rescoring, n: impact.changes.length, others: impact.otherTenantsChanges ?? 0 }) }),
    impact.changes.length ? table(t('impact.changes'), [t('col.id'), t('impact.before'), t('impact.after')],
      impact.changes.map((c) => h('tr', {},
        h('td', {}, h('a', { href: `#/supplier/${encodeURIComponent(c.supplierId)}`, text: c.supplierId })),
        h('td', { text: `${c.scoreBefore ?? '–'} (${t(`band.${c.bandBefore || 'none'}`)})` }),
        h('td', { text: `${c.scoreAfter ?? '–'} (${t(`band.${c.bandAfter || 'none'}`)})` })))) : null);
}

function draftForm(onPublished) {
  const out = h('div', { id: 'draft-out' });
  const text = h('textarea', { id: 'draft-text', name: 'draft', rows: 10, required: true, spellcheck: 'false', class: 'mono' });
  const format = h('select', { id: 'draft-format', name: 'format' },
    [['application/sparql-update', t('draft.patch')], ['text/turtle', 'Turtle'], ['application/trig', 'TriG']]
      .map(([v, l]) => h('option', { value: v, text: l })));
  const fileInput = h('input', { id: 'draft-file', type: 'file', accept: '.ttl,.trig,.ru,.rq,.txt' });
  fileInput.addEventListener('change', async () => {
    const f = fileInput.files[0];
    if (!f) return;
    text.value = await f.text();
    if (/\.ttl$/i.test(f.name)) format.value = 'text/turtle';
    else if (/\.trig$/i.test(f.name)) format.value = 'application/trig';
    else format.value = 'application/sparql-update';
  });
  const form = h('form', { id: 'draft-form', class: 'card' },
    h('label', { for: 'draft-format', text: t('draft.format') }), format,
    h('label', { for: 'draft-file', text: t('draft.file') }), fileInput,
    h('label', { for: 'draft-text', text: t('draft.text') }), text,
    h('button', { type: 'submit', id: 'draft-submit', text: t('draft.submit') }), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    out.replaceChildren(h('p', { text: t('loading') }));
    try {
      const draft = await api('/v1/ontology/drafts', { method: 'POST', body: text.value, contentType: format.value });
      const publish = h('button', { type: 'button', id: 'draft-publish', text: t('draft.publish') });
      publish.addEventListener('click', async () => {
        publish.disabled = true;
        try {
          const p = await api(`/v1/ontology/drafts/${draft.id}/publish`, { method: 'POST' });
          announce(t('draft.published', { v: p.version }));
          out.append(await impactView(p.version));
          onPublished();
        } catch (err) {
          out.append(problemBox(err));
        }
      });
      out.replaceChildren(reportView(draft, false), publish);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.location) {
        let draft = null;
        try { draft = await api(err.location); } catch (e2) { draft = null; }
        out.replaceChildren(reportView(draft, true), problemBox(err));
      } else {
        out.replaceChildren(problemBox(err));
      }
    }
  });
  return form;
}

const SKIP = new Set(['name', 'comment', 'label', 'prefLabel']);

/** The reference data and lists of the active version, one type at a time, with their sources. */
async function referenceSection(l) {
  const first = await api(`/v1/ontology/reference?type=ListedRecruiter&lang=${l}`);
  const body = h('tbody');
  const filter = h('input', { id: 'ref-filter', type: 'search', size: 24 });
  const type = h('select', { id: 'ref-type' }, first.types.map((x) =>
    h('option', { value: x.type, text: `${x.label} (${x.count})` })));
  type.value = 'ListedRecruiter';
  let items = first.items;
  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    body.replaceChildren(...items.filter((i) => !q || i.label.toLowerCase().includes(q)).slice(0, 300).map((i) => h('tr', {},
      h('td', {}, h('strong', { text: i.label }), i.properties.illustrative ? h('span', { class: 'tag', text: t('ev.illustrative') }) : null),
      h('td', {}, h('dl', {}, Object.entries(i.properties).filter(([k]) => !SKIP.has(k)).map(([k, v]) =>
        [h('dt', { text: t(`ev.${k}`) }), h('dd', { text: v.map(short).join('; ') })]))),
      h('td', {}, i.source ? h('a', { href: i.source.id, rel: 'noopener noreferrer', target: '_blank', text: i.source.title || short(i.source.id) }) : ''))));
  };
  type.addEventListener('change', async () => {
    items = (await api(`/v1/ontology/reference?type=${encodeURIComponent(type.value)}&lang=${l}`)).items;
    draw();
  });
  filter.addEventListener('input', draw);
  draw();
  const tbl = table(t('reference.caption'), [t('reference.entry'), t('reference.details'), t('source')], [], { id: 'reference-table' });
  tbl.querySelector('tbody').replaceWith(body);
  return [h('div', { class: 'filters' },
    h('label', { for: 'ref-type', text: t('reference.type') }), type,
    h('label', { for: 'ref-filter', text: t('reference.filter') }), filter),
  h('div', { class: 'table-wrap tall', tabindex: '0', role: 'region', 'aria-label': t('reference.caption') }, tbl)];
}

export async function ontologyView() {
  const l = lang();
  const [summary, indicators] = await Promise.all([
    api('/v1/ontology'), api(`/v1/ontology/indicators?lang=${l}`)]);
  const versionsBox = h('div', { id: 'versions' });
  const impactBox = h('div');

  async function renderVersions() {
    const vs = (await api('/v1/ontology/versions')).items;
    versionsBox.replaceChildren(table(t('versions.caption'), [t('versions.version'), t('versions.published'), t('versions.rolledBackTo'), ''],
      vs.map((v) => h('tr', {},
        h('td', { class: 'num', text: v.version }), h('td', { text: dateTime(v.publishedAt) }),
        h('td', { text: v.rolledBackTo ?? '' }),
        h('td', {},
          h('button', { type: 'button', class: 'link', text: t('versions.impact'), onclick: async () => {
            try { impactBox.replaceChildren(await impactView(v.version)); } catch (err) { impactBox.replaceChildren(problemBox(err)); }
          } }),
          v.version !== vs[0].version ? h('button', { type: 'button', class: 'link', text: t('versions.rollback', { v: v.version }), onclick: async () => {
            if (!window.confirm(t('versions.confirm', { v: v.version }))) return;
            try {
              const p = await api(`/v1/ontology/versions/${v.version}/rollback`, { method: 'POST' });
              impactBox.replaceChildren(await impactView(p.version));
              await renderVersions();
            } catch (err) { impactBox.replaceChildren(problemBox(err)); }
          } }) : null))), { id: 'versions-table' }));
  }
  await renderVersions();

  return h('section', { 'aria-labelledby': 'ontology-title' },
    h('h1', { id: 'ontology-title', text: t('ontology.title') }),
    h('p', {}, t('ontology.active', { v: summary.version, n: number(summary.triples) }), ' ',
      h('button', { type: 'button', class: 'link', text: t('ontology.download'),
        onclick: () => download('/v1/ontology', `libertas-ontology-v${summary.version}.ttl`, 'text/turtle') })),
    h('h2', { text: t('ontology.indicators') }),
    table(t('ontology.indicatorsCaption', { lang: l }), [t('col.code'), t('col.label'), t('definition'), t('weight')],
      indicators.items.map((i) => h('tr', {}, h('td', {}, h('code', { text: i.code })), h('td', { text: i.label }),
        h('td', { text: i.definition || '' }), h('td', { class: 'num', text: number(i.weight, 2) }))), { id: 'indicators-table' }),
    h('h2', { text: t('ontology.reference') }),
    h('p', { text: t('ontology.referenceHelp') }),
    await referenceSection(l),
    h('h2', { text: t('ontology.rules') }),
    table(t('ontology.rulesCaption'), [t('col.id'), t('family'), t('col.label'), t('source')],
      summary.rules.map((r) => h('tr', {}, h('td', {}, h('code', { text: r.id })), h('td', { text: short(r.family) }),
        h('td', { text: r.label || '' }),
        h('td', {}, r.source ? h('a', { href: r.source, rel: 'noopener noreferrer', target: '_blank', text: short(r.source) }) : ''))), { id: 'rules-table' }),
    h('h2', { text: t('ontology.versions') }), versionsBox, impactBox,
    h('h2', { text: t('ontology.draft') }),
    h('p', { text: t('ontology.draftHelp') }),
    draftForm(renderVersions));
}
