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
