// How an API error is shown: the problem's detail, and its errors (line, column) as a table.
import { ApiError } from './api.js';
import { h, table } from './dom.js';
import { t } from './i18n.js';

export function errorsTable(errors, caption, id) {
  // A workbook of several kinds names the sheet of each error: then the sheet comes last.
  const sheets = errors.some((e) => e.sheet);
  const heads = [t('col.line'), t('col.column'), t('col.code'), t('col.message')];
  return table(caption, sheets ? [...heads, t('col.sheet')] : heads,
    errors.map((e) => h('tr', {},
      h('td', { class: 'num', text: e.line ?? '' }), h('td', {}, h('code', { text: e.column ?? e.field ?? '' })),
      h('td', { text: e.code ?? e.stage ?? '' }), h('td', { text: e.message ?? '' }),
      sheets ? h('td', { text: e.sheet ?? '' }) : null)), id ? { id } : {});
}

export function problemBox(err) {
  const p = err instanceof ApiError ? err.problem : { detail: String(err.message || err) };
  const box = h('div', { class: 'problem', role: 'alert' },
    h('p', {}, h('strong', { text: err.status ? `${err.status} ` : '' }), p.detail || p.title || t('error.generic')));
  if (err.status === 403) box.append(h('p', { text: t('error.role') }));
  if (Array.isArray(p.errors) && p.errors.length) box.append(errorsTable(p.errors, t('errors')));
  if (p.requestId) box.append(h('p', { class: 'muted small', text: `${t('requestId')}: ${p.requestId}` }));
  return box;
}
