'use strict';
// Teams: their webhooks (GET /api/webhooks), a test ping with the endpoint's real answer, the attempt log with
// redeliver, and their GitHub targets. Every value from the API or an endpoint's answer is set as text.
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
          el('button', { type: 'button', class: 'secondary', 'aria-label': 'Deliveries of ' + w.url, onclick: () => deliveries(w) }, 'Deliveries')))));
      show($('webhooks-message'), data.items.length ? '' : 'This team has no webhooks yet (POST /api/webhooks).', '');
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

  async function loadTargets() {
    try {
      const data = await (await api('github-targets', { role: 'team' })).json();
      $('github').querySelector('tbody').replaceChildren(...data.items.map(t => el('tr', {},
        el('th', { scope: 'row' }, t.owner + '/' + t.repository),
        el('td', {}, (t.labels || []).join(', ') || '—'),
        el('td', {}, when(t.createdAt)))));
    } catch (err) {
      fail($('webhooks-message'), err);
    }
  }

  const load = () => Promise.all([loadWebhooks(), loadTargets()]);
  $('refresh').addEventListener('click', load);
  relock = Alerts.keyGate('team', load);
})();
