// The console: sign-in, hash routes, language switch. Views live in their own modules.
import { api, session, ApiError } from './api.js';
import { lang, setLang, t } from './i18n.js';
import { h } from './dom.js';
import { problemBox } from './problem.js';
import { suppliersView } from './suppliers.js';
import { prioritiesView } from './priorities.js';
import { supplierView } from './supplier.js';
import { uploadsView } from './uploads.js';
import { screeningView } from './screening.js';
import { ontologyView } from './ontology.js';

const routes = [
  [/^#\/priorities$/, prioritiesView],
  [/^#\/suppliers$/, suppliersView],
  [/^#\/supplier\/(.+)$/, supplierView],
  [/^#\/uploads$/, uploadsView],
  [/^#\/screening$/, screeningView],
  [/^#\/ontology$/, ontologyView],
];

const signinView = document.getElementById('signin-view');
const view = document.getElementById('view');
const nav = document.getElementById('nav');
const signout = document.getElementById('signout');

function signedIn(yes) {
  signinView.hidden = yes;
  view.hidden = !yes;
  nav.hidden = !yes;
  signout.hidden = !yes;
}

let rendering = 0;
async function render() {
  if (!session.key) {
    signedIn(false);
    return;
  }
  signedIn(true);
  const hash = location.hash || '#/priorities';
  const match = routes.map(([re, fn]) => [hash.match(re), fn]).find(([m]) => m);
  const [m, fn] = match || [null, prioritiesView];
  const mine = ++rendering;
  nav.querySelectorAll('a').forEach((a) => {
    if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const container = h('div', { class: 'view', 'aria-busy': 'true' }, h('p', { text: t('loading') }));
  view.replaceChildren(container);
  try {
    const content = await fn(...(m ? m.slice(1).map(decodeURIComponent) : []));
    if (mine !== rendering) return;
    container.replaceChildren(content);
  } catch (err) {
    if (mine !== rendering) return;
    if (err instanceof ApiError && err.status === 401) {
      session.key = null;
      signedIn(false);
      document.getElementById('signin-error').textContent = t('signin.rejected');
      return;
    }
    if (err instanceof ApiError && err.status === 403 && fn === prioritiesView && hash === '#/priorities') {
      // The work queue is for compliance (and admins, viewers); an auditor lands on the suppliers.
      location.hash = '#/suppliers';
      return;
    }
    if (err instanceof ApiError && err.status === 403 && fn === suppliersView && hash === '#/suppliers') {
      // A key whose role may not list suppliers (an NGO analyst's) lands on the reference data.
      location.hash = '#/ontology';
      return;
    }
    container.replaceChildren(problemBox(err));
  }
  container.removeAttribute('aria-busy');
  const heading = container.querySelector('h1');
  if (heading) document.title = `${heading.textContent} – Libertas`;
}

document.getElementById('signin').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = document.getElementById('apikey');
  const error = document.getElementById('signin-error');
  error.textContent = '';
  session.key = input.value.trim();
  try {
    await api('/v1/ontology/versions');
    input.value = '';
    if (!location.hash || location.hash === '#') location.hash = '#/priorities';
    await render();
    document.getElementById('main').focus();
  } catch (err) {
    session.key = null;
    error.textContent = err.status === 401 ? t('signin.rejected') : problemBox(err).textContent;
  }
});

document.getElementById('signin').hidden = false;

signout.addEventListener('click', () => {
  session.key = null;
  sessionStorage.removeItem('libertas.uploads');
  location.hash = '';
  signedIn(false);
  document.getElementById('apikey').focus();
});

const select = document.getElementById('lang');
select.value = lang();
select.addEventListener('change', async () => {
  await setLang(select.value);
  await render();
});

window.addEventListener('hashchange', render);
// A printed dossier shows every factor's evidence.
window.addEventListener('beforeprint', () => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
await setLang(lang());
await render();
