// The Libertas API, called with the signed-in key. The key lives in sessionStorage only.
const KEY = 'libertas.key';

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  set key(v) { if (v) sessionStorage.setItem(KEY, v); else sessionStorage.removeItem(KEY); },
};

/** An API error: the problem document (RFC 9457) when the server sent one. */
export class ApiError extends Error {
  constructor(status, problem, location) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.location = location;
  }
}

async function parse(res) {
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) return res.json();
  return res.text();
}

/** fetch with the key; JSON in and out; throws ApiError on a non-2xx answer. */
export async function api(path, { method = 'GET', body, contentType, accept, lang } = {}) {
  const headers = { Authorization: `Bearer ${session.key}` };
  if (accept) headers.Accept = accept;
  if (lang) headers['Accept-Language'] = lang;
  let payload = body;
  if (body !== undefined && contentType === undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  } else if (contentType) {
    headers['Content-Type'] = contentType;
  }
  const res = await fetch(path, { method, headers, body: payload });
  if (!res.ok) {
    let problem = null;
    try { problem = await res.json(); } catch (e) { /* not JSON */ }
    throw new ApiError(res.status, problem, res.headers.get('Location'));
  }
  if (res.status === 204) return null;
  return parse(res);
}

/** Fetches a resource with the key and saves it as a file. */
export async function download(path, filename, accept) {
  const headers = { Authorization: `Bearer ${session.key}` };
  if (accept) headers.Accept = accept;
  const res = await fetch(path, { headers });
  if (!res.ok) throw new ApiError(res.status, null);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Uploads a file with XMLHttpRequest so that the transfer reports progress. The file goes as a
 * multipart field 'file' with its name, so the server tells a CSV from an .xlsx workbook by its
 * name and bytes, and keeps the name in the upload history.
 * onProgress(fraction) is called while the bytes go out; resolves to {status, body, location}.
 */
export function uploadFile(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Authorization', `Bearer ${session.key}`);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve({ status: xhr.status, body, location: xhr.getResponseHeader('Location') });
      } else {
        reject(new ApiError(xhr.status, body, xhr.getResponseHeader('Location')));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { detail: 'network error' })));
    const form = new FormData();
    form.append('file', file, file.name || 'upload.csv');
    xhr.send(form);
  });
}
