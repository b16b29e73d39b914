'use strict';
// The subscribe form: JSON posted with fetch (the API accepts only application/json, which a cross-site HTML form
// cannot send without a CORS preflight this service never allows).
(() => {
  const form = document.getElementById('subscribe');
  const result = document.getElementById('result');
  const button = document.getElementById('subscribe-button');
  Prefs.render(document.getElementById('preference-fields'));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const body = Prefs.read(form, { email: document.getElementById('email').value.trim() });
    button.disabled = true;
    Alerts.show(result, 'Sending…', '');
    try {
      await Alerts.api('subscriptions', { method: 'POST', body });
      Alerts.show(result, `Almost done: we sent a confirmation link to ${body.email}. Open it to start your alerts; nothing else is sent until then.`, 'ok');
    } catch (err) {
      Alerts.show(result, 'Not subscribed: ' + err.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
})();
