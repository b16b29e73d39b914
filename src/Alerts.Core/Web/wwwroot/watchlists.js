'use strict';
// A watchlist section, the same on the team page (team key) and the subscriber's preferences page (manage token): the
// owner's watchlists, a form to create one (with an optional CSV file, imported and screened at once), replace the
// entries from CSV, export, delete (asked first: it deletes the matches too) and the matches with why each matched.
// CSV goes up as the file's own bytes, so the server decides its encoding (a BOM, else the charset chosen here).
// Built into the page's empty <section id="watchlists-section">; every value from the API is set as text.
const Watchlists = (() => {
  const { el, api, show, when, safeUrl } = Alerts;
  const $ = id => document.getElementById(id);
  const count = (n, one, many) => n + ' ' + (n === 1 ? one : many);

  function markup(where) {
    const table = (id, label, caption, heads) => el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label },
      el('table', { id }, el('caption', {}, caption), el('thead', {}, el('tr', {}, heads.map(h => el('th', { scope: 'col' }, h)))), el('tbody')));
    const field = (id, label, input) => [el('label', { for: id }, label), input];
    return [
      el('h2', { id: 'watchlists-title' }, 'Watchlists'),
      el('p', { class: 'hint' }, 'Your counterparties and products. A new or imported watchlist is screened at once against the current ' +
        'Entity List, Military End User and Unverified List; after that every recorded change is screened, and a match is sent to ' +
        where + '. CSV header: ', el('code', {}, 'type,value,aliases,country,address,reference'), '.'),
      table('watchlists', 'Watchlists table', 'Your watchlists', ['Watchlist', 'Counterparties', 'Products', 'Updated', 'Actions']),
      el('p', { id: 'watchlists-message', class: 'message', role: 'status', 'aria-live': 'polite', tabindex: '-1' }),
      el('div', { id: 'wl-delete-confirm', class: 'message', role: 'alertdialog', 'aria-labelledby': 'wl-delete-what', hidden: true },
        el('p', { id: 'wl-delete-what' }),
        el('div', { class: 'actions' },
          el('button', { type: 'button', id: 'wl-delete-yes' }, 'Yes, delete it'),
          el('button', { type: 'button', class: 'secondary', id: 'wl-delete-no' }, 'Keep it'))),
      el('input', { id: 'wl-import-file', type: 'file', accept: '.csv,text/csv', hidden: true, 'aria-label': 'CSV file to import' }),
      el('form', { id: 'watchlist-form', 'aria-labelledby': 'watchlist-form-title' },
        el('h3', { id: 'watchlist-form-title' }, 'New watchlist'),
        field('wl-name', 'Watchlist name', el('input', { id: 'wl-name', name: 'name', type: 'text', required: true, maxlength: '200', autocomplete: 'off' })),
        field('wl-description', 'Watchlist description (optional)', el('input', { id: 'wl-description', name: 'description', type: 'text', maxlength: '1000', autocomplete: 'off' })),
        field('wl-file', 'Entries from a CSV file (optional; you can import later)', el('input', { id: 'wl-file', name: 'file', type: 'file', accept: '.csv,text/csv' })),
        field('wl-charset', 'Encoding of CSV files without a byte-order mark', el('select', { id: 'wl-charset', name: 'charset' },
          el('option', { value: 'utf-8', selected: true }, 'UTF-8'), el('option', { value: 'gb18030' }, 'GB18030 (Chinese)'))),
        el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Create and screen'))),
      el('section', { id: 'matches-section', 'aria-labelledby': 'matches-title', tabindex: '-1', hidden: true },
        el('h3', { id: 'matches-title' }, 'Matches'),
        el('p', { id: 'matches-message', class: 'message', role: 'status', 'aria-live': 'polite' }),
        table('matches', 'Matches table', 'Newest first, with why each matched', ['Found', 'Entry', 'List', 'Matched', 'Score', 'Why', 'Source'])),
    ];
  }

  // path(p): the API path (under /api/) of the owner's watchlists route p, with its token when it has one; role: the key
  // role the page's api() sends (none for a token); auth(): the headers of the CSV upload; fail(target, err): how the page
  // shows an error (a refused key or token relocks it); where: who receives a match, in words.
  function mount({ path, role, auth, fail, where }) {
    const section = $('watchlists-section');
    section.setAttribute('aria-labelledby', 'watchlists-title');
    section.replaceChildren(...markup(where));
    const message = $('watchlists-message');
    const call = (p, options = {}) => api(path(p), { role, ...options });
    const screened = r => r ? ' Screened against ' + count(r.listEntries, 'listed entry', 'listed entries') + ': ' + count(r.matches.length, 'match.', 'matches.') : '';
    let importing = null;
    let deleting = null;

    async function load() {
      try {
        const data = await (await call('')).json();
        $('watchlists').querySelector('tbody').replaceChildren(...data.items.map(l => el('tr', {},
          el('th', { scope: 'row' }, el('div', {}, l.name), l.description ? el('div', { class: 'hint' }, l.description) : null),
          el('td', {}, l.counterparties),
          el('td', {}, l.products),
          el('td', {}, when(l.updatedAt)),
          el('td', {},
            el('button', { type: 'button', 'aria-label': 'Matches of ' + l.name, onclick: () => matches(l) }, 'Matches'),
            el('button', { type: 'button', class: 'secondary', 'aria-label': 'Export CSV of ' + l.name, onclick: () => exportList(l) }, 'Export CSV'),
            el('button', { type: 'button', class: 'secondary', 'aria-label': 'Import CSV into ' + l.name + ', replacing its entries', onclick: () => pickImport(l) }, 'Import CSV…'),
            el('button', { type: 'button', class: 'secondary', 'aria-label': 'Delete ' + l.name, onclick: () => askDelete(l) }, 'Delete…')))));
        if (!data.items.length) show(message, 'No watchlist yet: create one below.', '');
      } catch (err) {
        fail(message, err);
      }
    }

    async function importCsv(l, file) {
      const r = await fetch('/api/' + path(encodeURIComponent(l.id) + '/import'), {
        method: 'POST', credentials: 'omit', cache: 'no-store', body: await file.arrayBuffer(),
        headers: { Accept: 'application/json', ...auth(), 'Content-Type': 'text/csv; charset=' + $('wl-charset').value },
      });
      const body = await r.json().catch(() => ({}));
      if (!r.ok) throw new Alerts.ApiError(r.status, body.detail || body.title || ('HTTP ' + r.status), String(body.type || '').split('/').pop());
      return body;
    }

    async function create(e) {
      e.preventDefault();
      const form = $('watchlist-form');
      if (!form.reportValidity()) return;
      const body = { name: $('wl-name').value.trim() };
      if ($('wl-description').value.trim()) body.description = $('wl-description').value.trim();
      const file = $('wl-file').files[0];
      let created;
      try {
        created = await (await call('', { method: 'POST', body })).json();
      } catch (err) {
        fail(message, err);
        $('wl-name').focus();
        return;
      }
      let text = 'Created ' + created.watchlist.name + '.';
      let kind = 'ok';
      if (file) {
        try {
          const r = await importCsv(created.watchlist, file);
          text += ' Imported ' + count(r.imported, 'entry.', 'entries.') + screened(r.screening);
        } catch (err) {
          text += ' The file was not imported (nothing of it was kept): ' + err.message;
          kind = 'error';
        }
      }
      form.reset();
      await load();
      show(message, text, kind);
      message.focus();
    }

    function pickImport(l) {
      importing = l;
      $('wl-import-file').value = '';
      $('wl-import-file').click();
    }

    async function importPicked() {
      const file = $('wl-import-file').files[0];
      const l = importing;
      if (!file || !l) return;
      show(message, 'Importing ' + file.name + ' into ' + l.name + '…', '');
      try {
        const r = await importCsv(l, file);
        await load();
        show(message, l.name + ': ' + count(r.imported, 'entry', 'entries') + ' imported, replacing the previous ones.' + screened(r.screening), 'ok');
      } catch (err) {
        fail(message, { status: err.status, type: err.type, message: 'Nothing was imported: ' + err.message });
      }
      message.focus();
    }

    async function exportList(l) {
      try {
        const blob = await (await call(encodeURIComponent(l.id) + '/export')).blob();
        Alerts.saveBlob(blob, l.name.replace(/[^\p{L}\p{N}._-]+/gu, '-') + '.csv');
        show(message, 'Exported ' + l.name + ' (' + blob.size + ' bytes).', 'ok');
      } catch (err) {
        fail(message, err);
      }
    }

    function askDelete(l) {
      deleting = l;
      $('wl-delete-what').textContent = 'Delete the watchlist ' + l.name + ' and its matches? Its entries are no longer screened. This cannot be undone.';
      $('wl-delete-confirm').hidden = false;
      $('wl-delete-yes').focus();
    }

    async function confirmDelete() {
      const l = deleting;
      $('wl-delete-confirm').hidden = true;
      try {
        await call(encodeURIComponent(l.id), { method: 'DELETE' });
        if ($('matches-title').textContent.endsWith(' ' + l.name)) $('matches-section').hidden = true;
        await load();
        show(message, 'Deleted: ' + l.name + '.', 'ok');
        message.focus();
      } catch (err) {
        fail(message, err);
      }
    }

    async function matches(l) {
      try {
        const data = await (await call(encodeURIComponent(l.id) + '/matches')).json();
        $('matches-title').textContent = 'Matches of ' + l.name;
        $('matches').querySelector('tbody').replaceChildren(...data.items.map(m => {
          const url = safeUrl(m.url);
          return el('tr', {},
            el('td', {}, when(m.matchedAt), el('div', { class: 'hint' }, m.origin === 'change' ? 'in a recorded change' : 'screening')),
            el('th', { scope: 'row' }, m.entryValue, el('div', { class: 'hint' }, m.entryType)),
            el('td', {}, m.list || '—'),
            el('td', {}, m.matchedName || m.title),
            el('td', {}, Number(m.score).toFixed(2)),
            el('td', {}, m.method + ((m.tokens || []).length ? ': ' + m.tokens.join(', ') : '') + (m.country ? ' · ' + m.country : '')),
            el('td', {}, url ? el('a', { href: url, rel: 'noopener noreferrer' }, m.title) : m.title));
        }));
        show($('matches-message'), data.items.length ? 'Threshold ' + data.threshold + '.'
          : 'No match yet: every new Entity List, MEU and UVL entry and every recorded rule is screened as it arrives.', '');
        $('matches-section').hidden = false;
        $('matches-section').focus();
      } catch (err) {
        fail(message, err);
      }
    }

    $('watchlist-form').addEventListener('submit', create);
    $('wl-import-file').addEventListener('change', importPicked);
    $('wl-delete-yes').addEventListener('click', confirmDelete);
    $('wl-delete-no').addEventListener('click', () => { $('wl-delete-confirm').hidden = true; message.focus(); });
    return { load };
  }

  return { mount };
})();
