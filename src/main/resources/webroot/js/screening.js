// Screen a prospective name against the entity lists (UFLPA) or the recruiter blacklists.
import { api } from './api.js';
import { h, table, short, announce } from './dom.js';
import { t, lang, number } from './i18n.js';
import { problemBox } from './problem.js';

export async function screeningView() {
  const out = h('div', { id: 'screening-out' });
  const form = h('form', { id: 'screening-form', class: 'card' },
    h('fieldset', {}, h('legend', { text: t('screening.list') }),
      h('div', { class: 'check' }, h('input', { type: 'radio', id: 's-entities', name: 'list', value: 'entities', checked: true }),
        h('label', { for: 's-entities', text: t('screening.entities') })),
      h('div', { class: 'check' }, h('input', { type: 'radio', id: 's-recruiters', name: 'list', value: 'recruiters' }),
        h('label', { for: 's-recruiters', text: t('screening.recruiters') }))),
    h('label', { for: 's-name', text: t('screening.name') }),
    h('input', { id: 's-name', name: 'name', required: true, maxlength: 500 }),
    h('label', { for: 's-country', text: t('screening.country') }),
    h('input', { id: 's-country', name: 'country', maxlength: 2, size: 3, pattern: '[A-Za-z]{2}' }),
    h('label', { for: 's-identifier', text: t('screening.identifier') }),
    h('input', { id: 's-identifier', name: 'identifier', maxlength: 200 }),
    h('button', { type: 'submit', text: t('screening.submit') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const q = new URLSearchParams({ name: data.get('name').trim() });
    if (data.get('country')) q.set('country', data.get('country').trim());
    if (data.get('identifier')) q.set('identifier', data.get('identifier').trim());
    q.set('lang', lang());
    out.replaceChildren(h('p', { text: t('loading') }));
    try {
      const r = await api(`/v1/screening/${data.get('list')}?${q}`);
      announce(t('screening.found', { n: r.matches.length }));
      out.replaceChildren(r.matches.length
        ? table(t('screening.results', { name: q.get('name') }),
          [t('listEntry'), t('col.score'), t('status'), t('reasons'), t('source')],
          r.matches.map((m) => h('tr', { class: `match-${m.status}` },
            h('td', { text: m.name }), h('td', { class: 'num', text: number(m.score, 2) }),
            h('td', {}, h('span', { class: `tag match-${m.status}`, text: t(`match.${m.status}`) })),
            h('td', {}, h('ul', { class: 'reasons' }, (m.reasons || []).map((x) => h('li', { text: reasonText(x) })))),
            h('td', { text: short(m.source) }))), { id: 'screening-results' })
        : h('p', { id: 'screening-none', text: t('screening.none') }));
    } catch (err) {
      out.replaceChildren(problemBox(err));
    }
  });
  return h('section', { 'aria-labelledby': 'screening-title' },
    h('h1', { id: 'screening-title', text: t('screening.title') }),
    h('p', { text: t('screening.help') }), form, out);
}

/** A reason as the API labels it, {feature, label, value, score}: "label: value (score)". */
export function reasonText(r) {
  let s = r.label || r.feature;
  if (r.value != null) s += `: ${r.value}`;
  if (r.score != null) s += ` (${number(r.score, 2)})`;
  return s;
}
