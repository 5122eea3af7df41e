// Auditor: drag-and-drop CSV or Excel (.xlsx) upload with progress (transfer, then the job's status), the errors by
// line and column (and sheet, for a workbook of several kinds), a template per kind, and the tenant's upload history
// (GET /v1/uploads). The kind may be left to the server ("detect"); when it cannot tell, the user is asked.
import { api, download, uploadFile, ApiError } from './api.js';
import { h, table, announce } from './dom.js';
import { t, dateTime } from './i18n.js';
import { problemBox, errorsTable } from './problem.js';

const KINDS = ['suppliers', 'relationships', 'recruiters', 'findings', 'opensupplyhub'];
// The columns of each kind (docs/api.md), to preselect the kind a CSV header fits. The server has
// the last word: it also knows the aliases of ontology/uploads/columns.ttl, and detects the kind
// when none is sent.
const COLUMNS = {
  suppliers: [['supplier_id', 'name', 'country'], ['region', 'sector', 'commodities', 'worker_count', 'migrant_worker_share', 'registration_id', 'address']],
  relationships: [['buyer_id', 'supplier_id'], ['commodity', 'annual_volume', 'since']],
  recruiters: [['supplier_id', 'recruiter_name'], ['recruiter_country', 'licence_number', 'origin_country', 'workers_recruited', 'worker_paid_fees']],
  findings: [['supplier_id', 'indicator'], ['finding_id', 'observed_on', 'severity', 'status', 'auditor', 'evidence']],
  opensupplyhub: [['name', 'address', 'country'], ['sector', 'product_type', 'facility_type', 'processing_type', 'number_of_workers', 'parent_company', 'parent_company_os_id', 'lat', 'lng', 'duns_id', 'lei_id', 'os_id']],
};
// A header cell folded as the server folds it: lower case, no accents, words joined by "_".
const fold = (s) => s.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/%/g, ' pct ')
  .replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '');
// The kinds a header fits best: all required columns, fewest cells left over (as the server does).
export function kindsFitting(header) {
  const cells = header.map(fold);
  let best = [];
  let fewest = Infinity;
  for (const k of KINDS) {
    const [required, optional] = COLUMNS[k];
    if (!required.every((c) => cells.includes(c))) continue;
    const unused = cells.filter((c) => !required.includes(c) && !optional.includes(c)).length;
    if (unused < fewest) { best = []; fewest = unused; }
    if (unused === fewest) best.push(k);
  }
  return best;
}
const isCsv = (f) => /\.(csv|txt)$/i.test(f.name) || ['text/csv', 'text/plain'].includes(f.type);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ACCEPT = `.csv,text/csv,.xlsx,${XLSX}`;
// What the drop zone takes: a CSV file or an .xlsx workbook, by name or type (an .xls goes too, so
// that the server can say to save it as .xlsx).
const accepted = (f) => /\.(csv|txt|xlsx|xlsm|xls)$/i.test(f.name) || ['text/csv', 'text/plain', XLSX].includes(f.type);
// Share of the bar for each job status after the transfer (the transfer fills the first 40 %).
const STEP = { queued: 45, validating: 60, loading: 75, scoring: 90, succeeded: 100, failed: 100 };

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

export async function uploadsView() {
  const progress = h('progress', { id: 'upload-progress', max: '100', value: '0', 'aria-labelledby': 'progress-label' });
  const progressLabel = h('span', { id: 'progress-label', text: t('upload.idle') });
  const result = h('div', { id: 'upload-result' });
  const historyBody = h('tbody');
  const file = h('input', { id: 'u-file', name: 'file', type: 'file', accept: ACCEPT });
  // "detect" (no kind sent) by default: the server reads the kind from the header, or loads a
  // workbook whose sheets are named by kind as one upload.
  const kind = h('select', { id: 'u-kind', name: 'kind' },
    h('option', { value: '', text: t('kind.detect') }),
    KINDS.map((k) => h('option', { value: k, text: t(`kind.${k}`) })));
  let kindGuessed = false; // the kind shown was preselected from a header, not chosen
  kind.addEventListener('change', () => { kindGuessed = false; });
  const mode = h('select', { id: 'u-mode', name: 'mode' },
    h('option', { value: 'merge', text: t('upload.merge') }), h('option', { value: 'replace', text: t('upload.replace') }));
  const dry = h('input', { id: 'u-dry', name: 'dryRun', type: 'checkbox' });
  const submit = h('button', { type: 'submit', id: 'u-submit', text: t('upload.send') });

  function setProgress(pct, label) {
    progress.value = Math.round(pct);
    progressLabel.textContent = label;
  }

  // The last 50 uploads of the tenant, whoever sent them, as the server has them.
  async function renderHistory() {
    let page;
    try { page = await api('/v1/uploads?limit=50'); } catch (err) { historyBody.replaceChildren(); return; }
    historyBody.replaceChildren(...page.items.map((e) => h('tr', {},
      h('td', { text: dateTime(e.createdAt) }), h('td', { text: t(`kind.${e.kind}`) }), h('td', { text: e.fileName ?? '' }),
      h('td', {}, h('span', { class: `status status-${e.status}`, text: t(`job.${e.status}`) })),
      h('td', { class: 'num', text: e.rowsProcessed ?? '' }),
      h('td', {}, h('button', { type: 'button', class: 'link', text: t('upload.show'), onclick: () => showJob(e.id) })))));
  }

  function showResult(job) {
    const parts = [];
    if (job.status === 'succeeded') {
      parts.push(h('p', { class: 'ok', id: 'upload-ok', text: t(job.dryRun ? 'upload.validOnly' : 'upload.done', { rows: job.rowsProcessed ?? 0 }) }));
    } else if (job.status === 'failed') {
      parts.push(h('p', { class: 'error', text: t('upload.failed') }));
    }
    if (job.errors?.length) parts.push(errorsTable(job.errors, t('upload.errors'), 'upload-errors'));
    if (job.warnings?.length) parts.push(errorsTable(job.warnings, t('upload.warnings'), 'upload-warnings'));
    result.replaceChildren(...parts);
  }

  async function showJob(id) {
    try { showResult(await api(`/v1/uploads/${id}`)); } catch (err) { result.replaceChildren(problemBox(err)); }
  }

  // Preselects the kind a CSV's header fits, when the user has not chosen one.
  async function guessKind(f) {
    if (!f || !isCsv(f) || (kind.value !== '' && !kindGuessed)) return;
    let first = '';
    try { first = (await f.slice(0, 65536).text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0]; } catch (err) { return; }
    const delimiter = (first.match(/;/g) || []).length > (first.match(/,/g) || []).length ? ';' : ',';
    const fits = kindsFitting(first.split(delimiter).map((c) => c.replace(/^"|"$/g, '')));
    kind.value = fits.length === 1 ? fits[0] : '';
    kindGuessed = fits.length === 1;
  }
  file.addEventListener('change', () => guessKind(file.files[0]));

  // The server could not tell the kind: the user chooses among its candidates, and the file goes again.
  function askKind(f, candidates) {
    result.replaceChildren(h('div', { class: 'problem', role: 'alert', id: 'upload-ask-kind' },
      h('p', { text: t('upload.chooseKind') }),
      h('p', {}, candidates.map((c) => h('button', {
        type: 'button', class: 'secondary', 'data-kind': c, text: t(`kind.${c}`),
        onclick: () => { kind.value = c; kindGuessed = false; send(f); },
      })))));
  }

  async function send(f) {
    if (!f) { result.replaceChildren(h('p', { class: 'error', role: 'alert', text: t('upload.choose') })); return; }
    submit.disabled = true;
    result.replaceChildren();
    const q = new URLSearchParams({ mode: mode.value, dryRun: String(dry.checked) });
    if (kind.value) q.set('kind', kind.value);
    setProgress(0, t('upload.sending', { pct: 0 }));
    try {
      const res = await uploadFile(`/v1/uploads?${q}`, f, (x) => setProgress(x * 40, t('upload.sending', { pct: Math.round(x * 100) })));
      const id = res.body.id;
      renderHistory();
      let job = res.body;
      while (!['succeeded', 'failed'].includes(job.status)) {
        setProgress(STEP[job.status] ?? 50, t(`job.${job.status}`));
        await sleep(400);
        job = await api(`/v1/uploads/${id}`);
      }
      setProgress(100, t(`job.${job.status}`));
      progress.dataset.status = job.status;
      renderHistory();
      showResult(job);
      announce(t(`job.${job.status}`));
    } catch (err) {
      setProgress(0, t('upload.refused'));
      progress.dataset.status = 'refused';
      if (err instanceof ApiError && err.status === 422 && err.problem?.type?.endsWith('/kind-undetermined')
          && Array.isArray(err.problem.candidates)) {
        askKind(f, err.problem.candidates);
        return;
      }
      result.replaceChildren(problemBox(err));
      if (err instanceof ApiError && err.problem?.errors) result.querySelector('table')?.setAttribute('id', 'upload-errors');
    } finally {
      submit.disabled = false;
    }
  }

  const zone = h('div', { class: 'dropzone', id: 'dropzone' },
    h('p', { text: t('upload.drop') }),
    h('label', { for: 'u-file', text: t('upload.file') }), file);
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const f = e.dataTransfer.files[0];
    if (f && !accepted(f)) {
      result.replaceChildren(h('p', { class: 'error', role: 'alert', text: t('upload.wrongType', { name: f.name }) }));
      return;
    }
    if (f) guessKind(f).then(() => send(f));
  });
  const form = h('form', { id: 'upload-form', class: 'card' },
    h('div', { class: 'row' },
      h('div', {}, h('label', { for: 'u-kind', text: t('upload.kind') }), kind),
      h('div', {}, h('label', { for: 'u-mode', text: t('upload.mode') }), mode),
      h('div', { class: 'check' }, dry, h('label', { for: 'u-dry', text: t('upload.dryRun') }))),
    zone, submit,
    h('div', { class: 'progress' }, progressLabel, progress));
  form.addEventListener('submit', (e) => { e.preventDefault(); send(file.files[0]); });

  renderHistory();
  const historyTable = table(t('upload.history'), [t('when'), t('upload.kind'), t('upload.file'), t('status'), t('rows'), ''], []);
  historyTable.querySelector('tbody').replaceWith(historyBody);
  historyTable.id = 'upload-history';

  return h('section', { 'aria-labelledby': 'uploads-title' },
    h('h1', { id: 'uploads-title', text: t('uploads.title') }),
    h('p', { text: t('uploads.help') }),
    form, result,
    h('h2', { text: t('upload.templates') }),
    h('p', { text: t('upload.templatesHelp') }),
    h('ul', { class: 'templates' }, KINDS.map((k) => h('li', {},
      h('button', { type: 'button', class: 'link', text: `${k}.csv`, onclick: () => download(`/v1/uploads/templates/${k}`, `${k}.csv`) }),
      ' · ',
      h('button', { type: 'button', class: 'link', text: `${k}.xlsx`, onclick: () => download(`/v1/uploads/templates/${k}?format=xlsx`, `${k}.xlsx`) }),
      ` — ${t(`kind.${k}`)}`))),
    h('h2', { text: t('upload.history') }),
    h('div', { class: 'table-wrap' }, historyTable));
}
