// A "select all" box ticks or clears every checkbox of the same form whose name it names.
document.querySelectorAll('[data-check-all]').forEach(function (box) {
  box.addEventListener('change', function () {
    var form = box.form || document;
    form.querySelectorAll('input[type=checkbox][name="' + box.dataset.checkAll + '"]').forEach(function (item) {
      item.checked = box.checked;
    });
  });
});
