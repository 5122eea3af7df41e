// Interface strings: one JSON file per language under /console/i18n/. Indicator and factor labels
// come from the API in the same language (?lang=).
export const LANGUAGES = ['en', 'fr', 'es'];
const LANG = 'libertas.lang';
let messages = {};
let fallback = {};

export function lang() {
  const saved = sessionStorage.getItem(LANG);
  if (LANGUAGES.includes(saved)) return saved;
  const nav = (navigator.language || 'en').slice(0, 2);
  return LANGUAGES.includes(nav) ? nav : 'en';
}

async function load(l) {
  const res = await fetch(`/console/i18n/${l}.json`);
  return res.json();
}

export async function setLang(l) {
  sessionStorage.setItem(LANG, l);
  if (!Object.keys(fallback).length) fallback = await load('en');
  messages = l === 'en' ? fallback : await load(l);
  document.documentElement.lang = l;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
}

/** The message for key in the current language, with {name} placeholders filled. */
export function t(key, vars = {}) {
  // An unknown evidence property shows its own name rather than the message key.
  const m = messages[key] ?? fallback[key] ?? (key.startsWith('ev.') ? key.slice(3) : key);
  return m.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? `{${k}}`));
}

export function number(n, digits = 0) {
  return new Intl.NumberFormat(lang(), { maximumFractionDigits: digits }).format(n);
}

export function dateTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
