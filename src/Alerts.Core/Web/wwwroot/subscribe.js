'use strict';
// The subscribe form: JSON posted with fetch (the API accepts only application/json, which a cross-site HTML form
// cannot send without a CORS preflight this service never allows).
(() => {
  const form = document.getElementById('subscribe');
  const result = document.getElementById('result');
  const button = document.getElementById('subscribe-button');
  const tz = document.getElementById('timeZone');
  tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  const ticked = name => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map(i => i.value);

  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const frequency = form.querySelector('input[name="frequency"]:checked').value;
    const body = {
      email: document.getElementById('email').value.trim(),
      topics: ticked('topic'),
      jurisdictions: ticked('jurisdiction'),
      minSeverity: document.getElementById('minSeverity').value,
      mode: frequency === 'immediate' ? 'immediate' : 'digest',
      digest: frequency === 'weekly' ? 'weekly' : 'daily',
      timeZone: tz.value.trim() || 'UTC',
    };
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
