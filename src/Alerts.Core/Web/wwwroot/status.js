'use strict';
// Operators: every source's health (GET /api/sources) and the chain's status (GET /api/changes/verify), with the last
// anchor the verify answer carries (as recorded in storage when it was published to GitHub).
(() => {
  const { el, api, show, when } = Alerts;
  const $ = id => document.getElementById(id);
  let relock = () => {};

  function health(s) {
    if (!s.enabled) return el('span', {}, 'disabled');
    if (s.consecutiveFailures > 0) return el('span', { class: 'bad-text' }, 'failing');
    if (s.lastSuccessAt) return el('span', { class: 'ok-text' }, 'healthy');
    return el('span', {}, 'not polled yet');
  }

  async function loadSources() {
    try {
      const data = await (await api('sources', { role: 'admin' })).json();
      $('sources').querySelector('tbody').replaceChildren(...data.items.map(s => el('tr', {},
        el('th', { scope: 'row' }, el('div', {}, s.name), el('div', { class: 'hint' }, s.id)),
        el('td', {}, health(s)),
        el('td', {}, when(s.lastSuccessAt)),
        el('td', {}, s.consecutiveFailures),
        el('td', {}, s.lastError || '—'),
        el('td', {}, when(s.nextDueAt)))));
      const failing = data.items.filter(s => s.consecutiveFailures > 0).length;
      show($('sources-message'), `${data.items.length} sources, ${failing} failing.`, failing ? 'error' : 'ok');
    } catch (err) {
      if (err.status === 401) relock('The key was refused (401): enter a valid admin key.');
      else show($('sources-message'), err.message, 'error');
    }
  }

  async function loadChain() {
    show($('chain'), 'Verifying the chain…', '');
    let r;
    try {
      r = await (await api('changes/verify', { role: 'admin', accept: [409] })).json(); // 409: broken, the body says where
    } catch (err) {
      if (err.status === 401) relock('The key was refused (401): enter a valid admin key.');
      else show($('chain'), err.message, 'error');
      return;
    }
    show($('chain'), r.ok ? 'Verified: ' + r.message : 'Broken: ' + r.message, r.ok ? 'ok' : 'error');
    const meta = [['Entries checked', r.checked], ['Verified up to sequence', r.ok ? r.headSequence : (r.firstBadSequence ?? 0) - 1], ['Head hash', r.headHash || '—'],
      ['Evidence checked', r.evidenceChecked], ['First bad entry', r.firstBadChangeId ? `${r.firstBadSequence} (${r.firstBadChangeId})` : '—']];
    $('chain-meta').replaceChildren(...meta.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '—')]));
    showAnchor(r.lastAnchor, r.ok ? r.headSequence : null);
  }

  function showAnchor(a, head) {
    if (!a) {
      show($('anchor'), 'Not anchored yet: no chain head has been published to GitHub (the daily Anchor job or `alerts anchor` does it).', '');
      $('anchor-meta').replaceChildren();
      return;
    }
    const since = head === null || head === undefined ? null : head - a.sequence;
    show($('anchor'), 'Anchored at sequence ' + a.sequence + ' on ' + when(a.at) +
      (since === null ? '.' : since > 0 ? ' (' + since + (since === 1 ? ' entry' : ' entries') + ' appended since).' : ' (the current head).'), 'ok');
    const meta = [['Sequence', a.sequence], ['Hash', a.hash], ['Published', when(a.at)],
      ['Where', a.repository ? a.repository + (a.path ? ', file ' + a.path : '') : '—'], ['Commit', a.commitSha || '—']];
    $('anchor-meta').replaceChildren(...meta.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '—')]));
  }

  const load = () => Promise.all([loadChain(), loadSources()]);
  $('refresh').addEventListener('click', load);
  relock = Alerts.keyGate('admin', load);
})();
