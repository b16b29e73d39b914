'use strict';
// The subscriber's page: change preferences, keep watchlists, unsubscribe, or delete one's data. The e-mailed link carries its token
// in the fragment (#token=...), which browsers never send to a server; the page moves it into this tab's session
// storage, removes it from the address bar, and sends it only to this service's API.
(() => {
  const { el, show } = Alerts;
  const KEY = 'alerts.subscriber';
  const message = document.getElementById('message');
  const content = document.getElementById('content');
  const form = document.getElementById('preferences');
  const fields = document.getElementById('preference-fields');
  const confirmBox = document.getElementById('delete-confirm');
  Prefs.render(fields, { full: true });
  let sources = [];

  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has('token')) sessionStorage.setItem(KEY, hash.get('token'));
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  const token = () => sessionStorage.getItem(KEY);
  const path = p => 'subscriptions' + (p ? '/' + p : '') + '?token=' + encodeURIComponent(token() || '');
  const badLink = err => err.status === 400 && err.type === 'invalid-token';

  const lists = Watchlists.mount({
    path: p => 'subscriptions/watchlists' + (p ? '/' + p : '') + '?token=' + encodeURIComponent(token() || ''),
    auth: () => ({}),
    fail: (target, err) => badLink(err) ? invalid() : show(target, err.message, 'error'),
    where: 'you by e-mail',
  });

  const invalid = () => {
    sessionStorage.removeItem(KEY);
    content.hidden = true;
    show(message, 'This link is invalid, expired or already used. Use the link in a newer alert e-mail, or subscribe again on the subscribe page.', 'error');
  };

  function showSubscriber(s) {
    document.getElementById('email').textContent = s.email;
    const active = s.state === 'active';
    document.getElementById('state').textContent = active ? 'Your subscription is active.'
      : s.state === 'unsubscribed' ? 'You are unsubscribed: no alerts are sent. Subscribe again on the subscribe page to restart them.'
      : 'Your subscription is not active (' + s.state + ').';
    form.hidden = !active;
    document.getElementById('unsubscribe').hidden = !active;
    sources = s.preferences.sources || [];
    Prefs.fill(fields, s.preferences);
    // The calendar link carries the same token as this page's link (it expires with it); only for an active subscription.
    const calendar = location.origin + '/api/deadlines/subscriber.ics?token=' + encodeURIComponent(token() || '');
    document.getElementById('calendar-link').value = active ? calendar : '';
    document.getElementById('calendar-open').href = active ? calendar : '#';
    document.getElementById('calendar-section').hidden = !active;
    document.getElementById('watchlists-section').hidden = !active;
    if (active) lists.load();
    content.hidden = false;
  }

  async function load() {
    if (hash.has('invalid')) return invalid();
    if (!token()) {
      show(message, 'Open this page from the "Change preferences" link in one of our e-mails.', '');
      return;
    }
    try {
      const r = await Alerts.api(path('preferences'));
      const s = await r.json();
      showSubscriber(s);
      if (hash.has('unsubscribe') && s.state === 'active') {
        hash.delete('unsubscribe');
        show(message, 'To stop every alert to this address, press Unsubscribe. You can also narrow your preferences instead.', '');
        document.getElementById('unsubscribe').focus();
      }
      if (hash.has('confirmed')) {
        hash.delete('confirmed');
        document.getElementById('title').textContent = 'Subscription confirmed';
        show(message, 'Thank you: your subscription is confirmed. Alerts will follow the preferences below; you can change them at any time.', 'ok');
      }
    } catch (err) {
      if (badLink(err)) invalid();
      else show(message, 'Could not load your preferences: ' + err.message + '. Try again in a minute.', 'error');
    }
  }

  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const save = document.getElementById('save');
    save.disabled = true;
    try {
      const r = await Alerts.api(path('preferences'), { method: 'PUT', body: Prefs.read(form, { sources }) });
      showSubscriber(await r.json());
      show(message, 'Saved: your alerts follow these preferences from now on.', 'ok');
    } catch (err) {
      if (badLink(err)) invalid();
      else show(message, 'Not saved: ' + err.message, 'error');
    } finally {
      save.disabled = false;
    }
  });

  // RFC 8058's one-click form body, sent with fetch like the mail clients do.
  document.getElementById('unsubscribe').addEventListener('click', async () => {
    try {
      const r = await fetch('/api/' + path('unsubscribe'), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', credentials: 'omit', cache: 'no-store' });
      if (r.status === 400) return invalid();
      if (!r.ok) throw new Error('HTTP ' + r.status);
      await load();
      show(message, 'You are unsubscribed: no more alerts will be sent to this address.', 'ok');
      document.getElementById('delete').focus();
    } catch (err) {
      show(message, 'Not unsubscribed: ' + err.message + '. Try again in a minute.', 'error');
    }
  });

  document.getElementById('delete').addEventListener('click', () => {
    confirmBox.hidden = false;
    document.getElementById('delete-yes').focus();
  });
  document.getElementById('delete-no').addEventListener('click', () => {
    confirmBox.hidden = true;
    document.getElementById('delete').focus();
  });
  document.getElementById('delete-yes').addEventListener('click', async () => {
    try {
      await Alerts.api(path(''), { method: 'DELETE' });
      sessionStorage.removeItem(KEY);
      content.hidden = true;
      document.getElementById('title').textContent = 'Data deleted';
      show(message, 'Your address and preferences are deleted; no more e-mail will be sent.', 'ok');
      message.focus();
    } catch (err) {
      if (badLink(err)) invalid();
      else show(message, 'Not deleted: ' + err.message + '. Try again in a minute.', 'error');
    }
  });

  load();
})();
