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

  const lists = Watchlists.mount({
    path: p => 'watchlists' + (p ? '/' + p : ''),
    role: 'team',
    auth: () => ({ Authorization: 'Bearer ' + (Alerts.getKey('team') || '') }),
    fail,
    where: "this team's webhooks and GitHub targets",
  });
  const load = () => Promise.all([loadWebhooks(), loadTargets(), lists.load()]);
  $('refresh').addEventListener('click', load);
  $('add-webhook').addEventListener('click', () => openForm($('create-form').hidden));
  $('cancel-create').addEventListener('click', () => { openForm(false); $('add-webhook').focus(); });
  $('create-form').addEventListener('submit', create);
  $('copy-secret').addEventListener('click', copySecret);
  $('hide-secret').addEventListener('click', () => { hideSecret(); $('add-webhook').focus(); });
  $('forget-key').addEventListener('click', hideSecret);
  $('delete-yes').addEventListener('click', confirmDelete);
  $('github-form').addEventListener('submit', addTarget);
  $('calendar-form').addEventListener('submit', showCalendarLink);
  $('calendar-download').addEventListener('click', downloadCalendar);
  $('delete-no').addEventListener('click', () => { $('delete-confirm').hidden = true; $('webhooks-message').focus(); });
  relock = Alerts.keyGate('team', load);
})();
