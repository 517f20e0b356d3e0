// Hovering or focusing a passage or its citation lights up every part of it.
(function () {
  "use strict";
  function parts(id) {
    return document.querySelectorAll('[data-evidence~="' + id + '"]');
  }
  function toggle(event, on) {
    var target = event.target.closest("[data-evidence]");
    if (!target) return;
    target.getAttribute("data-evidence").trim().split(/\s+/).forEach(function (id) {
      parts(id).forEach(function (el) { el.classList.toggle("is-lit", on); });
    });
  }
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (e) { toggle(e, true); });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (e) { toggle(e, false); });
  });
  // :target marks the first piece of the excerpt a link points to; this marks the rest of it too.
  function markTarget() {
    document.querySelectorAll(".is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var match = /^#evidence-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    document.querySelectorAll('.hl[data-evidence~="' + match[1] + '"]').forEach(function (el) {
      el.classList.add("is-target");
    });
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();
})();
