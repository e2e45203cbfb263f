// Copy buttons beside a dossier code: <button data-copy="#element-id" hidden>. The button is
// shown only where the browser can copy; the text to copy is the element's own text.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var target = document.querySelector(button.dataset.copy);
    var status = document.querySelector(button.dataset.copyStatus);
    if (!target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        if (status) {
          status.textContent = button.dataset.copiedText;
        }
      });
    });
  });
})();
