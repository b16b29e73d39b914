'use strict';
// Shared helpers for every page. Text that comes from the API is only ever set as text (el() uses text nodes and
// setAttribute, never innerHTML). API keys live in sessionStorage of this tab and go out as a bearer header, never
// in a URL or a cookie, so a request another site makes to this service carries no credentials.
const Alerts = (() => {
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
    }
    return e;
  };

  const keyName = role => 'alerts.key.' + role;
  const getKey = role => sessionStorage.getItem(keyName(role));
  const setKey = (role, key) => sessionStorage.setItem(keyName(role), key);
  const clearKey = role => sessionStorage.removeItem(keyName(role));

  // status and the problem's type (RFC 9457) let a page tell an expired link from a form error.
  class ApiError extends Error {
    constructor(status, message, type) { super(message); this.status = status; this.type = type; }
  }

  // Calls the API under /api (the same path on both hosts) with the role's key when one is given; statuses other than
  // 2xx and those in accept throw an ApiError with the problem's detail.
  async function api(path, { role, method = 'GET', body, accept = [] } = {}) {
    const headers = { Accept: 'application/json' };
    if (role) headers.Authorization = 'Bearer ' + (getKey(role) || '');
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch('/api/' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
    if (!r.ok && !accept.includes(r.status)) {
      const p = await r.json().catch(() => ({}));
      throw new ApiError(r.status, p.detail || p.title || ('HTTP ' + r.status), String(p.type || '').split('/').pop());
    }
    return r;
  }

  function show(target, text, kind) {
    target.textContent = text;
    target.className = 'message' + (kind ? ' ' + kind : '');
  }

  // A key form, built into the page's empty #key-gate section, shown until the tab has a key for the role; onReady runs
  // once a key is there.
  function keyGate(role, onReady) {
    const name = role[0].toUpperCase() + role.slice(1);
    const gate = document.getElementById('key-gate');
    const input = el('input', { id: 'key', type: 'password', autocomplete: 'off', required: true });
    const form = el('form', { id: 'key-form' },
      el('label', { for: 'key' }, name + ' API key'), input,
      el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Use this key')));
    gate.setAttribute('aria-labelledby', 'key-title');
    gate.replaceChildren(
      el('h2', { id: 'key-title' }, name + ' key'), form,
      el('p', { class: 'hint' }, "The key stays in this tab's session storage and is sent only as an Authorization header to this service."),
      el('p', { id: 'key-message', class: 'message', role: 'alert' }));
    const content = document.getElementById('content');
    const forget = document.getElementById('forget-key');
    const open = () => { gate.hidden = true; content.hidden = false; onReady(); };
    const close = message => {
      clearKey(role);
      content.hidden = true;
      gate.hidden = false;
      show(document.getElementById('key-message'), message || '', message ? 'error' : '');
      input.focus();
    };
    form.addEventListener('submit', e => {
      e.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      setKey(role, key);
      input.value = '';
      open();
    });
    forget.addEventListener('click', () => close(''));
    if (getKey(role)) open(); else close('');
    return close;
  }

  function saveBlob(blob, filename) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // A link from the API (a source's) becomes an href only when it is http or https.
  const safeUrl = u => { try { const x = new URL(u); return x.protocol === 'https:' || x.protocol === 'http:' ? x.href : null; } catch { return null; } };

  const when = iso => iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—';

  return { el, api, ApiError, show, keyGate, saveBlob, when, getKey, safeUrl };
})();
