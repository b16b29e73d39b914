'use strict';
// Teams: their webhooks (GET /api/webhooks), a form to add one (POST /api/webhooks) and a secret rotation per endpoint,
// both showing the signing secret once, a test ping with the endpoint's real answer, the attempt log with redeliver,
// their GitHub targets and their watchlists. Every value from the API or an endpoint's answer is set as text.
(() => {
  const { el, api, show, when } = Alerts;
  const $ = id => document.getElementById(id);
  let relock = () => {};

  const fail = (target, err) => {
    if (err.status === 401) relock('The key was refused (401): enter a valid team key.');
    else show(target, err.message, 'error');
  };

  async function loadWebhooks() {
    try {
      const data = await (await api('webhooks', { role: 'team' })).json();
      $('webhooks').querySelector('tbody').replaceChildren(...data.items.map(w => el('tr', {},
        el('th', { scope: 'row' }, el('div', {}, w.url), w.description ? el('div', { class: 'hint' }, w.description) : null),
        el('td', {}, w.format),
        el('td', {}, w.enabled ? el('span', { class: 'ok-text' }, 'enabled') : el('span', { class: 'bad-text' }, 'disabled' + (w.disabledReason ? ': ' + w.disabledReason : ''))),
        el('td', {},
          el('button', { type: 'button', 'aria-label': 'Send test to ' + w.url, onclick: () => test(w) }, 'Send test'),
          el('button', { type: 'button', class: 'secondary', 'aria-label': 'Deliveries of ' + w.url, onclick: () => deliveries(w) }, 'Deliveries'),
          el('button', { type: 'button', class: 'secondary', 'aria-label': 'Rotate secret of ' + w.url, onclick: () => rotate(w) }, 'Rotate secret'),
          el('button', { type: 'button', class: 'secondary', 'aria-label': (w.enabled ? 'Disable ' : 'Enable ') + w.url, onclick: () => setEnabled(w, !w.enabled) }, w.enabled ? 'Disable' : 'Enable'),
          el('button', { type: 'button', class: 'secondary', 'aria-label': 'Delete ' + w.url, onclick: () => askDelete(w) }, 'Delete…')))));
      show($('webhooks-message'), data.items.length ? '' : 'This team has no webhooks yet: add one below.', '');
    } catch (err) {
      fail($('webhooks-message'), err);
    }
  }

  async function test(w) {
    show($('webhooks-message'), 'Sending a test to ' + w.url + '…', '');
    try {
      const r = await (await api('webhooks/' + encodeURIComponent(w.id) + '/test', { role: 'team', method: 'POST' })).json();
      const answer = r.status ? 'HTTP ' + r.status : 'no HTTP answer';
      show($('webhooks-message'), (r.ok ? 'Test delivered: ' : 'Test failed: ') + answer + ' in ' + r.durationMs + ' ms' +
        (r.error ? ' — ' + r.error : '') + (r.bodyExcerpt ? ' — response: ' + r.bodyExcerpt : ''), r.ok ? 'ok' : 'error');
      if (!$('deliveries-section').hidden) await deliveries(w, false);
    } catch (err) {
      fail($('webhooks-message'), err);
    }
  }

  async function deliveries(w, focus = true) {
    const section = $('deliveries-section');
    try {
      const data = await (await api('webhooks/' + encodeURIComponent(w.id) + '/deliveries', { role: 'team' })).json();
      $('deliveries-title').textContent = 'Deliveries to ' + w.url;
      $('deliveries').querySelector('tbody').replaceChildren(...data.items.map(a => el('tr', {},
        el('td', {}, when(a.at)),
        el('td', {}, a.changeId || a.deliveryId),
        el('td', {}, a.attempt),
        el('td', {}, a.statusCode ?? '—'),
        el('td', { class: a.success ? 'ok-text' : 'bad-text' }, a.outcome),
        el('td', {}, a.error || a.responseExcerpt || '—'),
        el('td', {}, a.changeId
          ? el('button', { type: 'button', class: 'secondary', 'aria-label': 'Redeliver ' + a.deliveryId, onclick: () => redeliver(w, a) }, 'Redeliver')
          : '—'))));
      show($('deliveries-message'), data.items.length ? '' : 'No delivery yet.', '');
      section.hidden = false;
      if (focus) section.focus();
    } catch (err) {
      fail($('webhooks-message'), err);
    }
  }

  async function redeliver(w, a) {
    try {
      await api('webhooks/' + encodeURIComponent(w.id) + '/deliveries/' + encodeURIComponent(a.deliveryId) + '/redeliver', { role: 'team', method: 'POST' });
      show($('deliveries-message'), 'Queued again: ' + a.deliveryId, 'ok');
    } catch (err) {
      fail($('deliveries-message'), err);
    }
  }

  // The secret exists in the page only while the panel shows it; hiding the panel clears it.
  function showSecret(text, secret) {
    $('secret-for').textContent = text;
    $('secret').value = secret;
    $('secret-panel').hidden = false;
    $('secret-panel').focus();
  }

  function hideSecret() {
    $('secret').value = '';
    $('secret-panel').hidden = true;
    show($('secret-message'), '', '');
  }

  async function create(e) {
    e.preventDefault();
    const form = $('create-form');
    const body = { url: $('w-url').value.trim(), format: $('w-format').value };
    if ($('w-description').value.trim()) body.description = $('w-description').value.trim();
    if ($('w-contact').value.trim()) body.contactEmail = $('w-contact').value.trim();
    show($('create-message'), 'Creating…', '');
    try {
      const w = await (await api('webhooks', { role: 'team', method: 'POST', body })).json();
      form.reset();
      openForm(false);
      await loadWebhooks();
      show($('secret-message'), 'Webhook created: ' + w.url + ' (' + w.format + ').', 'ok');
      showSecret('The signing secret of the new webhook ' + w.url + ':', w.secret);
    } catch (err) {
      if (err.status === 401) relock('The key was refused (401): enter a valid team key.');
      else {
        show($('create-message'), 'Not created: ' + err.message, 'error');
        $('w-url').focus();
      }
    }
  }

  async function rotate(w) {
    try {
      const r = await (await api('webhooks/' + encodeURIComponent(w.id) + '/rotate-secret', { role: 'team', method: 'POST' })).json();
      show($('secret-message'), 'Secret rotated for ' + w.url + '. The previous secret also signs until ' + when(r.previousSecretExpiresAt) + ' (the new one first).', 'ok');
      showSecret('The new signing secret of ' + w.url + ':', r.secret);
    } catch (err) {
      fail($('secret-message'), err);
    }
  }

  // PUT replaces the endpoint: send back what it has, with enabled changed (re-enabling clears why it was disabled).
  async function setEnabled(w, enabled) {
    const body = { url: w.url, format: w.format, description: w.description, contactEmail: w.contactEmail, ...w.filters, enabled };
    for (const k of Object.keys(body)) if (body[k] === null || body[k] === undefined || body[k] === '') delete body[k];
    try {
      await api('webhooks/' + encodeURIComponent(w.id), { role: 'team', method: 'PUT', body });
      await loadWebhooks();
      show($('webhooks-message'), (enabled ? 'Enabled: deliveries to ' : 'Disabled: no deliveries to ') + w.url + (enabled ? ' resume with the next change.' : ' until it is enabled again.'), 'ok');
    } catch (err) {
      fail($('webhooks-message'), err);
    }
  }

  let deleting = null;
  function askDelete(w) {
    deleting = w;
    $('delete-what').textContent = 'Delete the webhook ' + w.url + '? Nothing more is delivered to it, and its secret stops being valid. This cannot be undone.';
    $('delete-confirm').hidden = false;
    $('delete-yes').focus();
  }

  async function confirmDelete() {
    const w = deleting;
    $('delete-confirm').hidden = true;
    try {
      await api('webhooks/' + encodeURIComponent(w.id), { role: 'team', method: 'DELETE' });
      if ($('deliveries-title').textContent.endsWith(' ' + w.url)) $('deliveries-section').hidden = true;
      await loadWebhooks();
      show($('webhooks-message'), 'Deleted: ' + w.url + '.', 'ok');
      $('add-webhook').focus();
    } catch (err) {
      fail($('webhooks-message'), err);
    }
  }

  function openForm(open) {
    $('create-form').hidden = !open;
    $('add-webhook').setAttribute('aria-expanded', String(open));
    if (open) {
      show($('create-message'), '', '');
      $('w-url').focus();
    }
  }

  async function copySecret() {
    try {
      await navigator.clipboard.writeText($('secret').value);
      show($('secret-message'), 'The secret is on the clipboard.', 'ok');
    } catch {
      $('secret').select();
      show($('secret-message'), 'The browser did not allow copying: the secret is selected, copy it with the keyboard.', '');
    }
  }

  async function loadTargets() {
    try {
      const data = await (await api('github-targets', { role: 'team' })).json();
      $('github').querySelector('tbody').replaceChildren(...data.items.map(t => el('tr', {},
        el('th', { scope: 'row' }, t.owner + '/' + t.repository),
        el('td', {}, (t.labels || []).join(', ') || '—'),
        el('td', {}, when(t.createdAt)),
        el('td', {}, el('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove ' + t.owner + '/' + t.repository, onclick: () => removeTarget(t) }, 'Remove')))));
      if (!data.items.length) show($('github-message'), 'No repository yet: add one below to open an issue per story there.', '');
    } catch (err) {
      fail($('github-message'), err);
    }
  }

  async function addTarget(e) {
    e.preventDefault();
    const form = $('github-form');
    if (!form.reportValidity()) return;
    const body = { repository: $('g-repository').value.trim(), labels: $('g-labels').value.split(',').map(l => l.trim()).filter(l => l) };
    try {
      await api('github-targets', { role: 'team', method: 'POST', body });
      form.reset();
      await loadTargets();
      show($('github-message'), 'Added: matching changes open issues in ' + body.repository + '.', 'ok');
    } catch (err) {
      fail($('github-message'), err);
      $('g-repository').focus();
    }
  }

  // Removing only stops new issues; nothing on GitHub is touched, so it needs no second question.
  async function removeTarget(t) {
    try {
      await api('github-targets/' + encodeURIComponent(t.id), { role: 'team', method: 'DELETE' });
      await loadTargets();
      show($('github-message'), 'Removed: no more issues are opened in ' + t.owner + '/' + t.repository + ' (those already open stay).', 'ok');
      $('github-message').focus();
    } catch (err) {
      fail($('github-message'), err);
    }
  }

  // The team's calendar: the feed token goes only into the link shown here (never stored); it is checked against the
  // feed first, so the page shows only a link that works.
  async function showCalendarLink(e) {
    e.preventDefault();
    const token = $('c-feed-token').value.trim();
    if (!token) return;
    const path = '/api/deadlines/team.ics?feedToken=' + encodeURIComponent(token);
    $('calendar-link-box').hidden = true;
    try {
      const r = await fetch(path, { credentials: 'omit', cache: 'no-store' });
      if (r.status === 401 || r.status === 403) {
        show($('calendar-message'), 'This feed token was refused (' + r.status + '): use the feed token of a team key, shown when the key was created.', 'error');
        return;
      }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      const events = ((await r.text()).match(/^BEGIN:VEVENT/gm) || []).length;
      const url = location.origin + path;
      $('calendar-link').value = url;
      $('calendar-open').href = url;
      $('calendar-link-box').hidden = false;
      show($('calendar-message'), 'The link works: the calendar has ' + events + (events === 1 ? ' date' : ' dates') + ' now. Anyone with the link can read it; revoking the key stops it.', 'ok');
    } catch (err) {
      show($('calendar-message'), 'Could not check the link: ' + err.message, 'error');
    }
  }

  async function downloadCalendar() {
    try {
      const blob = await (await api('deadlines/team.ics', { role: 'team' })).blob();
      Alerts.saveBlob(blob, 'team.ics');
      show($('calendar-message'), 'Downloaded team.ics (' + blob.size + ' bytes).', 'ok');
    } catch (err) {
      fail($('calendar-message'), err);
    }
  }

  // Watchlists: list, create (with an optional CSV file, imported and screened at once), replace entries from CSV,
  // export, delete (asked first: it deletes the matches too) and the matches with why each matched. CSV goes up as the
  // file's own bytes, so the server decides its encoding (a BOM, else the charset chosen here).
  const safeUrl = u => { try { const x = new URL(u); return x.protocol === 'https:' || x.protocol === 'http:' ? x.href : null; } catch { return null; } };

  async function loadWatchlists() {
    try {
      const data = await (await api('watchlists', { role: 'team' })).json();
      $('watchlists').querySelector('tbody').replaceChildren(...data.items.map(l => el('tr', {},
        el('th', { scope: 'row' }, el('div', {}, l.name), l.description ? el('div', { class: 'hint' }, l.description) : null),
        el('td', {}, l.counterparties),
        el('td', {}, l.products),
        el('td', {}, when(l.updatedAt)),
        el('td', {},
          el('button', { type: 'button', 'aria-label': 'Matches of ' + l.name, onclick: () => matches(l) }, 'Matches'),
          el('button', { type: 'button', class: 'secondary', 'aria-label': 'Export CSV of ' + l.name, onclick: () => exportList(l) }, 'Export CSV'),
          el('button', { type: 'button', class: 'secondary', 'aria-label': 'Import CSV into ' + l.name + ', replacing its entries', onclick: () => pickImport(l) }, 'Import CSV…'),
          el('button', { type: 'button', class: 'secondary', 'aria-label': 'Delete ' + l.name, onclick: () => askDeleteList(l) }, 'Delete…')))));
      if (!data.items.length) show($('watchlists-message'), 'No watchlist yet: create one below.', '');
    } catch (err) {
      fail($('watchlists-message'), err);
    }
  }

  const screened = r => r ? ' Screened against ' + r.listEntries + ' listed entries: ' + r.matches.length + (r.matches.length === 1 ? ' match.' : ' matches.') : '';

  async function importCsv(l, file) {
    const charset = $('wl-charset').value;
    const r = await fetch('/api/watchlists/' + encodeURIComponent(l.id) + '/import', {
      method: 'POST', credentials: 'omit', cache: 'no-store', body: await file.arrayBuffer(),
      headers: { Accept: 'application/json', Authorization: 'Bearer ' + (Alerts.getKey('team') || ''), 'Content-Type': 'text/csv; charset=' + charset },
    });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Alerts.ApiError(r.status, body.detail || body.title || ('HTTP ' + r.status), String(body.type || '').split('/').pop());
    return body;
  }

  async function createList(e) {
    e.preventDefault();
    const form = $('watchlist-form');
    if (!form.reportValidity()) return;
    const body = { name: $('wl-name').value.trim() };
    if ($('wl-description').value.trim()) body.description = $('wl-description').value.trim();
    const file = $('wl-file').files[0];
    try {
      const created = await (await api('watchlists', { role: 'team', method: 'POST', body })).json();
      let text = 'Created ' + created.watchlist.name + '.';
      if (file) {
        try {
          const r = await importCsv(created.watchlist, file);
          text += ' Imported ' + r.imported + (r.imported === 1 ? ' entry.' : ' entries.') + screened(r.screening);
        } catch (err) {
          if (err.status === 401) throw err;
          form.reset();
          await loadWatchlists();
          show($('watchlists-message'), text + ' The file was not imported (nothing of it was kept): ' + err.message, 'error');
          $('watchlists-message').focus();
          return;
        }
      }
      form.reset();
      await loadWatchlists();
      show($('watchlists-message'), text, 'ok');
      $('watchlists-message').focus();
    } catch (err) {
      fail($('watchlists-message'), err);
      $('wl-name').focus();
    }
  }

  let importing = null;
  function pickImport(l) {
    importing = l;
    $('wl-import-file').value = '';
    $('wl-import-file').click();
  }

  async function importPicked() {
    const file = $('wl-import-file').files[0];
    const l = importing;
    if (!file || !l) return;
    show($('watchlists-message'), 'Importing ' + file.name + ' into ' + l.name + '…', '');
    try {
      const r = await importCsv(l, file);
      await loadWatchlists();
      show($('watchlists-message'), l.name + ': ' + r.imported + (r.imported === 1 ? ' entry' : ' entries') + ' imported, replacing the previous ones.' + screened(r.screening), 'ok');
    } catch (err) {
      fail($('watchlists-message'), { status: err.status, message: 'Nothing was imported: ' + err.message });
    }
    $('watchlists-message').focus();
  }

  async function exportList(l) {
    try {
      const blob = await (await api('watchlists/' + encodeURIComponent(l.id) + '/export', { role: 'team' })).blob();
      Alerts.saveBlob(blob, l.name.replace(/[^\p{L}\p{N}._-]+/gu, '-') + '.csv');
      show($('watchlists-message'), 'Exported ' + l.name + ' (' + blob.size + ' bytes).', 'ok');
    } catch (err) {
      fail($('watchlists-message'), err);
    }
  }

  let deletingList = null;
  function askDeleteList(l) {
    deletingList = l;
    $('wl-delete-what').textContent = 'Delete the watchlist ' + l.name + ' and its matches? Its entries are no longer screened. This cannot be undone.';
    $('wl-delete-confirm').hidden = false;
    $('wl-delete-yes').focus();
  }

  async function confirmDeleteList() {
    const l = deletingList;
    $('wl-delete-confirm').hidden = true;
    try {
      await api('watchlists/' + encodeURIComponent(l.id), { role: 'team', method: 'DELETE' });
      if ($('matches-title').textContent.endsWith(' ' + l.name)) $('matches-section').hidden = true;
      await loadWatchlists();
      show($('watchlists-message'), 'Deleted: ' + l.name + '.', 'ok');
      $('watchlists-message').focus();
    } catch (err) {
      fail($('watchlists-message'), err);
    }
  }

  async function matches(l) {
    const section = $('matches-section');
    try {
      const data = await (await api('watchlists/' + encodeURIComponent(l.id) + '/matches', { role: 'team' })).json();
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
      show($('matches-message'), data.items.length ? 'Threshold ' + data.threshold + '.' : 'No match yet: every new Entity List, MEU and UVL entry and every recorded rule is screened as it arrives.', '');
      section.hidden = false;
      section.focus();
    } catch (err) {
      fail($('watchlists-message'), err);
    }
  }

  const load = () => Promise.all([loadWebhooks(), loadTargets(), loadWatchlists()]);
  $('refresh').addEventListener('click', load);
  $('add-webhook').addEventListener('click', () => openForm($('create-form').hidden));
  $('cancel-create').addEventListener('click', () => { openForm(false); $('add-webhook').focus(); });
  $('create-form').addEventListener('submit', create);
  $('copy-secret').addEventListener('click', copySecret);
  $('hide-secret').addEventListener('click', () => { hideSecret(); $('add-webhook').focus(); });
  $('forget-key').addEventListener('click', hideSecret);
  $('delete-yes').addEventListener('click', confirmDelete);
  $('github-form').addEventListener('submit', addTarget);
  $('watchlist-form').addEventListener('submit', createList);
  $('wl-import-file').addEventListener('change', importPicked);
  $('wl-delete-yes').addEventListener('click', confirmDeleteList);
  $('wl-delete-no').addEventListener('click', () => { $('wl-delete-confirm').hidden = true; $('watchlists-message').focus(); });
  $('calendar-form').addEventListener('submit', showCalendarLink);
  $('calendar-download').addEventListener('click', downloadCalendar);
  $('delete-no').addEventListener('click', () => { $('delete-confirm').hidden = true; $('webhooks-message').focus(); });
  relock = Alerts.keyGate('team', load);
})();
