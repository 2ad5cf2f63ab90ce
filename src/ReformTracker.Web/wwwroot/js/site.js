// Progress bars take their width from data-percent: no inline styles, so the CSP can forbid them.
document.querySelectorAll('[data-percent]').forEach(function (bar) {
  var value = Math.max(0, Math.min(100, Number(bar.dataset.percent) || 0));
  bar.style.width = value + '%';
});

// Buttons that destroy or hide something ask first.
document.querySelectorAll('[data-confirm]').forEach(function (button) {
  button.addEventListener('click', function (event) {
    if (!window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
});

// Evidence files (Features/Evidence/_EvidenceList.cshtml): upload and delete in place, so unsaved edits on the report form stay.
document.querySelectorAll('[data-evidence]').forEach(function (box) {
  var upload = box.querySelector('form[data-evidence-upload]');
  if (!upload || !window.fetch || !window.FormData) {
    return;
  }

  var list = box.querySelector('[data-evidence-list]');
  var empty = box.querySelector('[data-evidence-empty]');
  var counter = box.querySelector('[data-evidence-count]');
  var template = box.querySelector('template[data-evidence-row]');
  var picker = upload.querySelector('input[type=file]');
  var submit = upload.querySelector('button[type=submit]');
  var error = upload.querySelector('[data-evidence-error]');
  var maxFiles = Number(box.dataset.maxFiles);
  var maxBytes = Number(box.dataset.maxBytes);

  function count() {
    return list.querySelectorAll('[data-evidence-file]').length;
  }

  function refresh() {
    var n = count();
    counter.textContent = n;
    empty.classList.toggle('d-none', n > 0);
    picker.disabled = submit.disabled = n >= maxFiles;
  }

  function post(form) {
    return fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.json().then(function (data) {
          return response.ok ? data : Promise.reject(data.error);
        }, function () {
          return Promise.reject(box.dataset.msgFailed);
        });
      }, function () {
        return Promise.reject(box.dataset.msgFailed);
      });
  }

  function bindDelete(form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      error.textContent = '';
      post(form).then(function () {
        form.closest('[data-evidence-file]').remove();
        refresh();
      }, function (message) {
        error.textContent = message || box.dataset.msgFailed;
      });
    });
  }

  function addRow(file) {
    var row = template.content.firstElementChild.cloneNode(true);
    var link = row.querySelector('a');
    var form = row.querySelector('form');
    var button = form.querySelector('[data-confirm]');
    row.dataset.evidenceFile = file.id;
    link.href = '/evidence/' + file.id;
    link.textContent = file.name;
    row.querySelector('[data-evidence-size]').textContent = file.size >= 1048576
      ? (file.size / 1048576).toFixed(1).replace(/\.0$/, '') + ' MB'
      : file.size >= 1024 ? Math.round(file.size / 1024) + ' KB' : file.size + ' B';
    form.action = '/evidence/' + file.id + '/delete';
    button.addEventListener('click', function (event) {
      if (!window.confirm(button.dataset.confirm)) {
        event.preventDefault();
      }
    });
    bindDelete(form);
    list.insertBefore(row, empty);
  }

  list.querySelectorAll('form[data-evidence-delete]').forEach(bindDelete);

  upload.addEventListener('submit', function (event) {
    event.preventDefault();
    error.textContent = '';
    var files = Array.prototype.slice.call(picker.files);
    var tooLarge = files.filter(function (f) { return f.size > maxBytes; })[0];
    if (tooLarge) {
      error.textContent = box.dataset.msgTooLarge.replace('{0}', tooLarge.name);
      return;
    }

    if (count() + files.length > maxFiles) {
      error.textContent = box.dataset.msgTooMany.replace('{1}', count());
      return;
    }

    submit.disabled = true;
    post(upload).then(function (data) {
      data.files.forEach(addRow);
      upload.reset();
    }, function (message) {
      error.textContent = message || box.dataset.msgFailed;
    }).then(refresh);
  });
});
