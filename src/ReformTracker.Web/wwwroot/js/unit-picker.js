// A text box with data-unit-search="<url>" and list="<datalist id>" gets the matching unit names as suggestions while
// one types. Without this script the box still works: the server resolves the typed name.
document.querySelectorAll('input[data-unit-search]').forEach(function (input) {
  var list = input.list;
  if (!list) {
    return;
  }

  var timer = null;
  var asked = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    var term = input.value.trim();
    if (!term || term === asked) {
      return;
    }

    timer = setTimeout(function () {
      asked = term;
      fetch(input.dataset.unitSearch + '?q=' + encodeURIComponent(term), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (units) {
          if (asked !== term) {
            return;
          }

          list.replaceChildren.apply(list, units.map(function (unit) {
            var option = document.createElement('option');
            option.value = unit.name;
            return option;
          }));
        })
        .catch(function () { /* suggestions are a convenience; typing a name still works */ });
    }, 200);
  });
});
