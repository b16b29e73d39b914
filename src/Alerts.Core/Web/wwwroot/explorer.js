'use strict';
// The change-log explorer: one API call per page of the table (GET /api/changes), the detail on demand.
(() => {
  const { el, api, show, when, safeUrl } = Alerts;
  const $ = id => document.getElementById(id);
  const form = $('filters');
  const tbody = document.querySelector('#changes tbody');
  const message = $('list-message');
  const loaded = new Map(); // id -> change, for the chart
  let tokens = [null]; // continuation token of each page seen; index 0 is the first page
  let page = 0;
  let current = null; // the change shown in the detail view
  let relock = () => {};

  function filterQuery() {
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      if (String(v).trim()) q.set(k, String(v).trim());
    }
    return q;
  }

  async function guarded(target, work) {
    try {
      await work();
    } catch (err) {
      if (err.status === 401) relock('The key was refused (401): enter a valid auditor key.');
      else show(target, err.message, 'error');
    }
  }

  async function loadPage() {
    await guarded(message, async () => {
      const q = filterQuery();
      if (tokens[page]) q.set('continuationToken', tokens[page]);
      show(message, 'Loading…', '');
      const data = await (await api('changes?' + q, { role: 'auditor' })).json();
      tokens = tokens.slice(0, page + 1);
      if (data.continuationToken) tokens.push(data.continuationToken);
      render(data.items);
      show(message, data.items.length ? '' : 'No change matches these filters.', '');
    });
  }

  function render(items) {
    tbody.replaceChildren(...items.map(c => {
      loaded.set(c.id, c);
      return el('tr', {},
        el('td', {}, c.sequence),
        el('td', {}, when(c.detectedAt)),
        el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => openDetail(c.id) }, c.title)),
        el('td', {}, c.sourceId),
        el('td', {}, c.jurisdiction),
        el('td', { class: 'sev-' + c.severity }, c.severity),
        el('td', {}, c.changeType));
    }));
    $('newer').disabled = page === 0;
    $('older').disabled = tokens.length <= page + 1;
    $('page-label').textContent = 'Page ' + (page + 1);
    drawChart([...loaded.values()], 'Drawn from the rows loaded so far (' + loaded.size + '); the button below charts every matching change.');
  }

  // The changed part of a value when the word diff would be too big: the common prefix and suffix left plain.
  function prefixSuffix(value, other, tag) {
    let start = 0;
    while (start < value.length && start < other.length && value[start] === other[start]) start++;
    let end = 0;
    while (end < value.length - start && end < other.length - start && value[value.length - 1 - end] === other[other.length - 1 - end]) end++;
    const middle = value.slice(start, value.length - end);
    return [value.slice(0, start), middle ? el(tag, {}, middle) : '', value.slice(value.length - end)];
  }

  // Words, runs of white space and single punctuation marks: the units the diff compares.
  const wordTokens = s => s.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) || [];
  const MaxDiffCells = 1000000; // longest-common-subsequence table cells (tokens before x after, common ends trimmed): 4 MB, a few ms

  // Word-level diff: each side's tokens, marked when not in the longest common subsequence; null when too big.
  function wordDiff(a, b) {
    const x = wordTokens(a), y = wordTokens(b);
    let pre = 0;
    while (pre < x.length && pre < y.length && x[pre] === y[pre]) pre++;
    let suf = 0;
    while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] === y[y.length - 1 - suf]) suf++;
    const xs = x.slice(pre, x.length - suf), ys = y.slice(pre, y.length - suf);
    const n = xs.length, m = ys.length, w = m + 1;
    if (n * m > MaxDiffCells) return null;
    const lcs = new Uint32Array((n + 1) * w); // lcs[i * w + j]: LCS length of xs[i..] and ys[j..]
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = xs[i] === ys[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    const before = x.slice(0, pre).map(t => [t, false]), after = y.slice(0, pre).map(t => [t, false]);
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && xs[i] === ys[j]) { before.push([xs[i++], false]); after.push([ys[j++], false]); }
      else if (i < n && (j === m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) before.push([xs[i++], true]);
      else after.push([ys[j++], true]);
    }
    for (const t of x.slice(x.length - suf)) before.push([t, false]);
    for (const t of y.slice(y.length - suf)) after.push([t, false]);
    return { before, after };
  }

  // One side's tokens as text nodes and <del>/<ins> runs (white space between two marked words joins their run).
  function marked(parts, tag) {
    const flags = parts.map(([t, m], k) => m || (/^\s+$/.test(t) && k > 0 && k < parts.length - 1 && parts[k - 1][1] && parts[k + 1][1]));
    const out = [];
    let run = '', runMarked = false;
    const flush = () => { if (run) out.push(runMarked ? el(tag, {}, run) : run); run = ''; };
    parts.forEach(([t], k) => {
      if (flags[k] !== runMarked) { flush(); runMarked = flags[k]; }
      run += t;
    });
    flush();
    return out;
  }

  // The before and after cells of one field: word diff, or the prefix/suffix marking for very long values.
  function diffCells(before, after) {
    if (before === null || before === undefined) return [el('em', {}, '(none: added)'), after === null || after === undefined ? '' : el('ins', {}, String(after))];
    if (after === null || after === undefined) return [el('del', {}, String(before)), el('em', {}, '(none: removed)')];
    const a = String(before), b = String(after);
    const d = wordDiff(a, b);
    return d ? [marked(d.before, 'del'), marked(d.after, 'ins')] : [prefixSuffix(a, b, 'del'), prefixSuffix(b, a, 'ins')];
  }

  async function openDetail(id) {
    const detail = $('detail');
    await guarded(message, async () => {
      const c = await (await api('changes/' + encodeURIComponent(id), { role: 'auditor' })).json();
      current = c;
      $('detail-title').textContent = c.title;
      const meta = [['Change id', c.id], ['Sequence', c.sequence], ['Source', c.sourceId], ['Item', c.itemKey], ['Type', c.changeType],
        ['Detected', when(c.detectedAt)], ['Published', when(c.publishedAt)], ['Jurisdiction', c.jurisdiction], ['Topics', (c.topics || []).join(', ') || '—'],
        ['Severity', c.severity], ['Summary', c.summary || '—'], ['Story', c.storyId || '—']];
      $('detail-meta').replaceChildren(...meta.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
      if (c.url) $('detail-meta').append(el('dt', {}, 'Link'), el('dd', {}, el('a', { href: c.url, rel: 'noopener noreferrer' }, c.url)));
      const rows = (c.diff || []).map(d => {
        const [before, after] = diffCells(d.before, d.after);
        return el('tr', {}, el('th', { scope: 'row' }, d.field), el('td', { class: 'before' }, before), el('td', { class: 'after' }, after));
      });
      document.querySelector('#diff tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 3 }, 'No field-level diff recorded.'))]));
      $('evidence').disabled = !c.evidence;
      $('story').disabled = !c.storyId;
      show($('detail-message'), '', '');
      detail.hidden = false;
      detail.focus();
    });
  }

  async function download(query, filename, target) {
    await guarded(target, async () => {
      show(target, 'Preparing ' + filename + '…', '');
      const blob = await (await api('changes?' + query, { role: 'auditor' })).blob();
      Alerts.saveBlob(blob, filename);
      show(target, 'Downloaded ' + filename + ' (' + blob.size + ' bytes).', 'ok');
    });
  }

  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = (tag, attrs, text) => {
    const e = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const palette = ['#0b5cad', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0f766e', '#a16207', '#4b5563'];
  const weekOf = iso => {
    const d = new Date(iso);
    const day = (d.getUTCDay() + 6) % 7; // Monday = 0
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
  };

  let charted = { changes: [], scope: '' };

  // Stacked bars per UTC week, grouped by jurisdiction or by topic (a change with several topics counts under each).
  function drawChart(changes, scope) {
    charted = { changes, scope };
    const by = $('chart-by').value;
    const groupsOf = c => by === 'topic' ? (c.topics && c.topics.length ? c.topics : ['(none)']) : [c.jurisdiction];
    $('chart-title').textContent = 'Changes per week by ' + by;
    $('chart-scope').textContent = scope + (by === 'topic' ? ' A change with several topics counts under each.' : '');
    const weeks = [...new Set(changes.map(c => weekOf(c.detectedAt)))].sort();
    const groups = [...new Set(changes.flatMap(groupsOf))].sort();
    const counts = new Map();
    for (const c of changes) {
      for (const g of groupsOf(c)) {
        const k = weekOf(c.detectedAt) + '|' + g;
        counts.set(k, (counts.get(k) || 0) + 1);
      }
    }
    const totals = weeks.map(w => groups.reduce((n, g) => n + (counts.get(w + '|' + g) || 0), 0));
    const max = Math.max(1, ...totals);
    const width = 640, height = 240, left = 36, bottom = 40, top = 10;
    const band = weeks.length ? (width - left - 10) / weeks.length : 1;
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Changes per week by ${by}: ${changes.length} changes over ${weeks.length} weeks` });
    chart.append(svg('line', { x1: left, y1: height - bottom, x2: width - 5, y2: height - bottom, stroke: '#4d5560' }));
    chart.append(svg('text', { x: left - 6, y: top + 10, 'text-anchor': 'end', 'font-size': 12 }, String(max)));
    chart.append(svg('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end', 'font-size': 12 }, '0'));
    weeks.forEach((w, i) => {
      let y = height - bottom;
      groups.forEach((j, ji) => {
        const n = counts.get(w + '|' + j) || 0;
        if (!n) return;
        const h = n / max * (height - bottom - top);
        y -= h;
        const rect = svg('rect', { x: left + i * band + (band - Math.max(1, Math.min(48, band * 0.7))) / 2, y, width: Math.max(1, Math.min(48, band * 0.7)), height: h, fill: palette[ji % palette.length], 'data-week': w, 'data-group': j, 'data-count': n });
        rect.append(svg('title', {}, `${w} ${j}: ${n}`));
        chart.append(rect);
      });
      if (weeks.length <= 12 || i % Math.ceil(weeks.length / 12) === 0) {
        chart.append(svg('text', { x: left + i * band + band / 2, y: height - bottom + 16, 'text-anchor': 'middle', 'font-size': 11 }, w.slice(5)));
      }
    });
    $('chart').replaceChildren(chart);
    $('chart-legend').replaceChildren(...groups.map((j, ji) => el('li', {}, el('span', { 'data-color': ji }), j)));
    // Colours set through the DOM (style-src 'self' forbids inline style attributes in markup, not CSSOM).
    $('chart-legend').querySelectorAll('span').forEach((s, i) => { s.style.background = palette[i % palette.length]; });
  }

  // Every matching change, streamed as NDJSON: the count read so far is shown while it runs, and only the three
  // fields the chart needs are kept, so a large log does not fill the tab's memory.
  async function chartAll() {
    const button = $('chart-all');
    button.disabled = true;
    await guarded(message, async () => {
      const q = filterQuery();
      q.delete('pageSize');
      q.set('format', 'ndjson');
      const r = await api('changes?' + q, { role: 'auditor' });
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      const all = [];
      let rest = '';
      const take = line => {
        if (!line.trim()) return;
        const c = JSON.parse(line);
        all.push({ detectedAt: c.detectedAt, jurisdiction: c.jurisdiction, topics: c.topics });
      };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const lines = (rest + value).split('\n');
        rest = lines.pop();
        lines.forEach(take);
        $('chart-scope').textContent = 'Reading every matching change… ' + all.length + ' so far.';
      }
      take(rest);
      drawChart(all, 'Drawn from all ' + all.length + ' matching changes.');
    });
    button.disabled = false;
  }

  // The upcoming view (GET /api/deadlines), loaded on demand so opening the explorer stays one API call.
  const kindLabels = { effective: 'Effective date', comments: 'Comment deadline', compliance: 'Compliance date' };
  const daysText = n => n === 0 ? 'today' : n === 1 ? 'tomorrow' : n > 1 ? 'in ' + n + ' days' : n === -1 ? 'yesterday' : (-n) + ' days ago';

  async function loadUpcoming() {
    const target = $('upcoming-message');
    await guarded(target, async () => {
      const q = new URLSearchParams();
      for (const [k, v] of new FormData($('upcoming-form'))) {
        if (String(v).trim()) q.set(k, String(v).trim());
      }
      show(target, 'Loading…', '');
      const data = await (await api('deadlines?' + q, { role: 'auditor' })).json();
      const items = data.items.slice().sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
      $('upcoming').querySelector('tbody').replaceChildren(...items.map(d => {
        const url = safeUrl(d.url);
        return el('tr', {},
          el('td', {}, d.date),
          el('td', {}, daysText(d.daysLeft)),
          el('td', {}, kindLabels[d.kind] || d.kind),
          el('td', {}, url ? el('a', { href: url, rel: 'noopener noreferrer' }, d.title) : d.title, d.basis ? el('div', { class: 'hint' }, d.basis) : null),
          el('td', {}, el('button', { type: 'button', class: 'link', 'aria-label': 'Open change ' + d.changeId, onclick: () => openDetail(d.changeId) }, 'Open change')));
      }));
      $('upcoming-caption').textContent = 'Dates from ' + data.from + ' to ' + data.to + ', soonest first';
      $('upcoming-wrap').hidden = items.length === 0;
      show(target, items.length ? items.length + (items.length === 1 ? ' date' : ' dates') + ' from ' + data.from + ' to ' + data.to + '.' : 'No date from ' + data.from + ' to ' + data.to + '.', '');
    });
  }

  const restart = () => { tokens = [null]; page = 0; loaded.clear(); loadPage(); };
  form.addEventListener('submit', e => { e.preventDefault(); restart(); });
  form.addEventListener('reset', () => setTimeout(restart, 0));
  $('older').addEventListener('click', () => { page++; loadPage(); });
  $('newer').addEventListener('click', () => { page = Math.max(0, page - 1); loadPage(); });
  $('close-detail').addEventListener('click', () => { $('detail').hidden = true; });
  $('evidence').addEventListener('click', async () => {
    if (!current) return;
    await guarded($('detail-message'), async () => {
      const blob = await (await api('changes/' + encodeURIComponent(current.id) + '/evidence', { role: 'auditor' })).blob();
      const ext = /json/.test(blob.type) ? '.json' : /xml/.test(blob.type) ? '.xml' : /html/.test(blob.type) ? '.html' : /csv/.test(blob.type) ? '.csv' : '.bin';
      Alerts.saveBlob(blob, current.id + '-evidence' + ext);
      show($('detail-message'), 'Evidence downloaded (' + blob.size + ' bytes, SHA-256 ' + (current.evidence.contentSha256 || '') + ').', 'ok');
    });
  });
  $('story').addEventListener('click', () => {
    if (!current || !current.storyId) return;
    $('f-story').value = current.storyId;
    $('detail').hidden = true;
    restart();
  });
  $('export-csv').addEventListener('click', () => { const q = filterQuery(); q.delete('pageSize'); q.set('format', 'csv'); download(q, 'changes.csv', message); });
  $('export-ndjson').addEventListener('click', () => { const q = filterQuery(); q.delete('pageSize'); q.set('format', 'ndjson'); download(q, 'changes.ndjson', message); });
  $('chart-all').addEventListener('click', chartAll);
  $('upcoming-form').addEventListener('submit', e => { e.preventDefault(); loadUpcoming(); });
  $('chart-by').addEventListener('change', () => drawChart(charted.changes, charted.scope));
  relock = Alerts.keyGate('auditor', restart);
})();
