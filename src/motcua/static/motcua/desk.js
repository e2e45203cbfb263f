/* Staff pages: keyboard shortcuts and filters that apply on change. Everything also works
   without this file (links, buttons and forms). Keys act only when the officer is not typing
   in a field, and never submit by themselves: an action's key moves the focus to its form. */
(function () {
  "use strict";

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function shortcut(key) {
    return document.querySelector('[data-shortcut="' + key + '"]');
  }

  function focusAction(button) {
    var form = button.form;
    var details = button.closest("details");
    if (details) details.open = true;
    var field = form && form.querySelector("textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio])");
    (field || button).focus();
    (field || button).scrollIntoView({ block: "center" });
  }

  function queueLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue-table tbody a"));
  }

  function moveInQueue(step) {
    var links = queueLinks();
    if (!links.length) return;
    var index = links.indexOf(document.activeElement);
    var next = index < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(Math.max(index + step, 0), links.length - 1);
    links[next].focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = event.key;
    if (key === "j" || key === "k") {
      event.preventDefault();
      moveInQueue(key === "j" ? 1 : -1);
      return;
    }
    if (key === "q") {
      var queue = document.querySelector('a[accesskey="q"]');
      if (queue) window.location.href = queue.href;
      return;
    }
    var target = shortcut(key);
    if (!target) return;
    event.preventDefault();
    if (target.tagName === "A") {
      window.location.href = target.href;
    } else if (target.tagName === "INPUT") {
      target.focus();
      target.select();
    } else {
      focusAction(target);
    }
  });

  // The queue's selects apply at once (the "Lọc" button stays for keyboards and no-JS).
  var filters = document.getElementById("queue-filters");
  if (filters) {
    filters.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") filters.submit();
    });
  }
})();
