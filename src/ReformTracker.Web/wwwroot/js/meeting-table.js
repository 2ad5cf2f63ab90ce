// 晒比会议表 meeting mode: the deck fills the screen and shows one group at a time.
// Next: → or PageDown (PageDown first scrolls a group taller than the screen) or space; previous: ← or PageUp; Home/End; Esc leaves.
(function () {
  var deck = document.querySelector('[data-meeting-deck]');
  var start = document.querySelector('[data-meeting-mode-start]');
  if (!deck || !start) {
    return;
  }

  var groups = Array.prototype.slice.call(deck.querySelectorAll('[data-meeting-group]'));
  var position = deck.querySelector('[data-meeting-position]');
  var stop = deck.querySelector('[data-meeting-mode-stop]');
  var current = 0;
  var active = false;

  function show(index) {
    if (groups.length === 0) {
      return;
    }

    current = Math.max(0, Math.min(groups.length - 1, index));
    groups.forEach(function (group, i) {
      group.classList.toggle('is-current', i === current);
    });
    deck.scrollTop = 0;
    if (position) {
      position.textContent = deck.dataset.labelPosition.replace('{0}', String(current + 1)).replace('{1}', String(groups.length));
    }

    deck.dataset.current = String(current);
  }

  function enter() {
    active = true;
    document.body.classList.add('meeting-mode');
    deck.setAttribute('tabindex', '-1');
    show(current);
    deck.focus();
    var root = document.documentElement;
    if (root.requestFullscreen && !document.fullscreenElement) {
      root.requestFullscreen().catch(function () { /* Full screen refused (e.g. no user gesture): the overlay still covers the window. */ });
    }
  }

  function leave() {
    if (!active) {
      return;
    }

    active = false;
    document.body.classList.remove('meeting-mode');
    groups.forEach(function (group) { group.classList.remove('is-current'); });
    if (document.fullscreenElement && document.exitFullscreen) {
      document.exitFullscreen().catch(function () { /* Already left. */ });
    }

    start.focus();
  }

  function atBottom() {
    return deck.scrollTop + deck.clientHeight >= deck.scrollHeight - 2;
  }

  function atTop() {
    return deck.scrollTop <= 0;
  }

  start.addEventListener('click', enter);
  if (stop) {
    stop.addEventListener('click', leave);
  }

  // The browser's own Esc ends full screen without a key event reaching the page: leave meeting mode with it.
  document.addEventListener('fullscreenchange', function () {
    if (!document.fullscreenElement) {
      leave();
    }
  });

  document.addEventListener('keydown', function (event) {
    if (!active) {
      return;
    }

    switch (event.key) {
      case 'Escape':
        leave();
        break;
      case 'ArrowRight':
      case ' ':
        show(current + 1);
        break;
      case 'ArrowLeft':
        show(current - 1);
        break;
      case 'PageDown':
        if (atBottom()) {
          show(current + 1);
        } else {
          deck.scrollTop += deck.clientHeight * 0.9;
        }

        break;
      case 'PageUp':
        if (atTop()) {
          show(current - 1);
        } else {
          deck.scrollTop -= deck.clientHeight * 0.9;
        }

        break;
      case 'Home':
        show(0);
        break;
      case 'End':
        show(groups.length - 1);
        break;
      default:
        return;
    }

    event.preventDefault();
  });
})();
