// "Copy" buttons of the "Cite this" boxes. Without JavaScript the buttons stay hidden and the
// citation text is there to select; with it, a button copies its citation and says "Copied".
(function () {
  "use strict";
  function report(button, message) {
    var status = button.parentNode.querySelector(".copy-status");
    status.textContent = message;
    window.clearTimeout(button.copyTimer);
    button.copyTimer = window.setTimeout(function () { status.textContent = ""; }, 4000);
  }
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  document.querySelectorAll(".cite .copy-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.parentNode.querySelector(".cite-text");
      if (!navigator.clipboard) {
        selectText(text);
        report(button, "Selected: press Ctrl+C (⌘C) to copy");
        return;
      }
      navigator.clipboard.writeText(text.textContent).then(
        function () { report(button, "Copied"); },
        function () { selectText(text); report(button, "Selected: press Ctrl+C (⌘C) to copy"); }
      );
    });
  });
})();
