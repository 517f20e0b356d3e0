// After an action the student sees what happened where they land.
// - A form sent back with errors: focus moves to the first error, a field marked aria-invalid (its
//   message is next to it and named by aria-describedby) or the form's own error list.
// - A confirmation after a redirect to a place in a page (#thread-12, #argument-12, #evidence-3):
//   the message moves next to that place, where the browser has scrolled, and takes the focus,
//   so it is both seen and read out. Without JavaScript it stays at the top of the page.
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main) return;

  var firstError = main.querySelector('[aria-invalid="true"], .errorlist.nonfield');
  if (firstError) {
    if (!firstError.matches("input, select, textarea, button")) firstError.setAttribute("tabindex", "-1");
    firstError.focus();
    return;
  }

  var messages = document.getElementById("messages");
  if (!messages) return;
  var target = null;
  try {
    target = window.location.hash.length > 1 && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  } catch (error) {
    target = null;
  }
  if (target && main.contains(target) && target !== main) {
    // Inside the target when it can hold a block (a list item, an article), else just before its block.
    var block = target.closest("li, article, section, figure, blockquote, p, div") || target;
    if (block === target || block.tagName === "LI") {
      block.insertBefore(messages, block.firstChild);
    } else {
      block.parentNode.insertBefore(messages, block);
    }
    messages.classList.add("messages-here");
  }
  // After the browser's own scroll to the fragment, which would otherwise take the focus back to the page.
  function show() {
    messages.focus({ preventScroll: true });
    messages.scrollIntoView({ block: "start" });
  }
  if (document.readyState === "complete") {
    window.requestAnimationFrame(show);
  } else {
    window.addEventListener("load", function () { window.requestAnimationFrame(show); });
  }
})();
