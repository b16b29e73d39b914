'use strict';
// The preference controls shared by the subscribe page and the preferences page: built once here (labels on every
// control, fieldsets with legends), read into the API's JSON shape, and filled from it.
const Prefs = (() => {
  const { el } = Alerts;
  const TOPICS = [
    ['ai-chips', 'AI chips'], ['hbm', 'High-bandwidth memory'], ['chip-equipment', 'Chip-making equipment'],
    ['entity-list', 'Entity List'], ['export-licensing', 'Export licensing'], ['tariffs', 'Tariffs'],
    ['china-countermeasures', 'China countermeasures'], ['eu-dual-use', 'EU dual-use'], ['critical-minerals', 'Critical minerals'],
  ];
  const JURISDICTIONS = [['US', 'United States'], ['CN', 'China'], ['EU', 'European Union'], ['NL', 'Netherlands'], ['JP', 'Japan'], ['other', 'Other']];
  const SEVERITIES = [['info', 'Info (everything)'], ['low', 'Low'], ['medium', 'Medium'], ['high', 'High'], ['critical', 'Critical only']];
  const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const cap = s => s[0].toUpperCase() + s.slice(1);

  const boxes = (id, legend, name, items) => el('fieldset', { id },
    el('legend', {}, legend),
    items.map(([value, text]) => el('label', {}, el('input', { type: 'checkbox', name, value }), ' ' + text)));
  const radios = (legend, name, items) => el('fieldset', {},
    el('legend', {}, legend),
    items.map(([value, text]) => el('label', {}, el('input', { type: 'radio', name, value }), ' ' + text)));
  const select = (id, text, items) => [el('label', { for: id }, text), el('select', { id, name: id }, items.map(([v, t]) => el('option', { value: v }, t)))];

  // Puts the controls into container; full adds keywords, digest hour and day, and per-story delivery.
  function render(container, { full = false } = {}) {
    container.append(
      boxes('topics', 'Topics (none ticked: every topic)', 'topic', TOPICS),
      boxes('jurisdictions', 'Jurisdictions (none ticked: every jurisdiction)', 'jurisdiction', JURISDICTIONS),
      ...select('minSeverity', 'Minimum severity', SEVERITIES),
      radios('How often', 'frequency', [['immediate', 'Each change as it is found'], ['daily', 'Daily digest'], ['weekly', full ? 'Weekly digest' : 'Weekly digest (Mondays)']]));
    if (full) {
      container.append(
        ...select('hour', 'Hour a digest is sent (your time zone)', Array.from({ length: 24 }, (_, h) => [String(h), String(h).padStart(2, '0') + ':00'])),
        ...select('day', 'Day of a weekly digest', DAYS.map(d => [d, cap(d)])),
        radios('Several changes to the same story', 'granularity', [['perChange', 'Tell me about every change'], ['perStory', 'Only the first change of a story']]),
        el('label', { for: 'keywords' }, 'Keywords (comma-separated; none: no keyword filter)'),
        el('input', { id: 'keywords', name: 'keywords', type: 'text', autocomplete: 'off' }));
    }
    container.append(
      el('label', { for: 'timeZone' }, 'Time zone for digests' + (full ? '' : ' (taken from your browser)')),
      el('input', { id: 'timeZone', name: 'timeZone', type: 'text', autocomplete: 'off', spellcheck: 'false' }));
    fill(container, {});
  }

  const ticked = (root, name) => [...root.querySelectorAll(`input[name="${name}"]:checked`)].map(i => i.value);
  const value = (root, id) => root.querySelector('#' + id)?.value;

  // The API's JSON from the controls; base supplies what the page does not show (sources, and the rest on the subscribe page).
  function read(root, base = {}) {
    const frequency = root.querySelector('input[name="frequency"]:checked').value;
    const body = {
      ...base,
      topics: ticked(root, 'topic'),
      jurisdictions: ticked(root, 'jurisdiction'),
      minSeverity: value(root, 'minSeverity'),
      mode: frequency === 'immediate' ? 'immediate' : 'digest',
      digest: frequency === 'weekly' ? 'weekly' : 'daily',
      timeZone: value(root, 'timeZone').trim() || 'UTC',
    };
    if (root.querySelector('#hour')) {
      body.hour = Number(value(root, 'hour'));
      body.day = value(root, 'day');
      body.granularity = root.querySelector('input[name="granularity"]:checked').value;
      body.keywords = value(root, 'keywords').split(',').map(k => k.trim()).filter(k => k);
    }
    return body;
  }

  function fill(root, p) {
    const has = (list, v) => (list || []).some(x => x.toLowerCase() === v.toLowerCase());
    root.querySelectorAll('input[name="topic"]').forEach(i => { i.checked = has(p.topics, i.value); });
    root.querySelectorAll('input[name="jurisdiction"]').forEach(i => { i.checked = has(p.jurisdictions, i.value); });
    root.querySelector('#minSeverity').value = p.minSeverity || 'medium';
    const frequency = p.mode === 'digest' ? (p.digest === 'weekly' ? 'weekly' : 'daily') : 'immediate';
    root.querySelector(`input[name="frequency"][value="${frequency}"]`).checked = true;
    root.querySelector('#timeZone').value = p.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    if (root.querySelector('#hour')) {
      root.querySelector('#hour').value = String(p.hour ?? 8);
      root.querySelector('#day').value = p.day || 'monday';
      root.querySelector(`input[name="granularity"][value="${p.granularity === 'perStory' ? 'perStory' : 'perChange'}"]`).checked = true;
      root.querySelector('#keywords').value = (p.keywords || []).join(', ');
    }
  }

  return { render, read, fill };
})();
