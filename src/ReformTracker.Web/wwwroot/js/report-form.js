// The monthly report form: autosave on an interval (Reporting:AutosaveSeconds, 30 by default), a copy in this browser so nothing typed is lost
// when the session expires, and the cumulative investment kept up to date while typing.
(function () {
  var form = document.getElementById('report-form');
  if (!form) { return; }
  var status = document.getElementById('autosave-status');
  var versionField = document.getElementById('Version');
  var key = form.dataset.localKey;
  var dirty = false;
  var saving = false;

  function say(text) { if (status) { status.textContent = text; } }
  function now() { var d = new Date(); return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2); }

  function fields() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (name === '__RequestVerificationToken' || name === 'FormToken' || name === 'Version') { return; }
      (values[name] = values[name] || []).push(String(value));
    });
    return values;
  }

  function keepLocally() {
    try { localStorage.setItem(key, JSON.stringify({ version: Number(versionField.value), savedAt: Date.now(), fields: fields() })); } catch (e) { /* storage full or disabled */ }
  }

  function forgetLocally() { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }

  function newToken() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0; return (c === 'x' ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  function autosave() {
    if (!dirty || saving || !form.dataset.autosaveUrl) { return; }
    saving = true;
    var body = new FormData(form);
    body.set('FormToken', newToken());
    body.set('Intent', 'save');
    fetch(form.dataset.autosaveUrl, { method: 'POST', body: body, credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        var json = (response.headers.get('content-type') || '').indexOf('application/json') >= 0;
        if (response.ok && json && !response.redirected) {
          return response.json().then(function (data) {
            versionField.value = data.version;
            form.dataset.version = data.version;
            dirty = false;
            forgetLocally();
            say(form.dataset.msgSaved + ' ' + now());
          });
        }
        keepLocally();
        say(response.status === 409 ? form.dataset.msgConflict : (json ? form.dataset.msgFailed : form.dataset.msgExpired));
      })
      .catch(function () { keepLocally(); say(form.dataset.msgFailed); })
      .then(function () { saving = false; });
  }

  function restore(snapshot) {
    Object.keys(snapshot.fields).forEach(function (name) {
      var elements = form.querySelectorAll('[name="' + name.replace(/"/g, '\\"') + '"]');
      var values = snapshot.fields[name];
      elements.forEach(function (element) {
        if (element.type === 'checkbox') { element.checked = values.indexOf(element.value) >= 0; }
        else if (element.type !== 'hidden') { element.value = values[0]; }
      });
    });
    dirty = true;
  }

  function offerLocalCopy() {
    var raw;
    try { raw = localStorage.getItem(key); } catch (e) { return; }
    if (!raw) { return; }
    var snapshot = JSON.parse(raw);
    var banner = document.getElementById('local-draft');
    if (snapshot.version < Number(form.dataset.version) || JSON.stringify(snapshot.fields) === JSON.stringify(fields()) || !banner) {
      forgetLocally();
      return;
    }
    banner.classList.remove('d-none');
    document.getElementById('restore-local').addEventListener('click', function () { restore(snapshot); banner.classList.add('d-none'); autosave(); });
    document.getElementById('discard-local').addEventListener('click', function () { forgetLocally(); banner.classList.add('d-none'); });
  }

  function updateCumulative() {
    var cumulative = document.getElementById('cumulative');
    var input = document.getElementById('InvestmentThisMonth');
    if (!cumulative || !input) { return; }
    var total = Number(cumulative.dataset.before) + (Number(input.value) || 0);
    cumulative.textContent = total.toLocaleString(document.documentElement.lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  form.addEventListener('input', function () { dirty = true; keepLocally(); updateCumulative(); });
  form.addEventListener('change', function () { dirty = true; keepLocally(); });
  form.addEventListener('submit', function () { keepLocally(); });
  window.addEventListener('pagehide', function () { if (dirty) { keepLocally(); } });
  offerLocalCopy();
  setInterval(autosave, Number(form.dataset.autosaveMs) || 30000);
})();
