// Glossary terms marked on the page show their definition on hover and keyboard focus through CSS
// alone. A touch screen has neither, so a tap opens the definition in place (a second tap, Escape,
// or a tap elsewhere closes it) instead of following the link to the glossary. Without JavaScript
// the link still leads to the definition on the debate page.
(function () {
  "use strict";
  var OPEN = "is-open";

  function closeAll(except) {
    document.querySelectorAll(".gloss." + OPEN).forEach(function (gloss) {
      if (gloss !== except) {
        gloss.classList.remove(OPEN);
        gloss.querySelector(".gloss-term").setAttribute("aria-expanded", "false");
      }
    });
  }

  // Keeps a shown definition inside the window: a term near the right edge would otherwise push
  // its definition off it. (On a phone the stylesheet shows it as a sheet along the bottom instead.)
  function place(gloss) {
    var tip = gloss.querySelector(".gloss-tip");
    if (window.getComputedStyle(tip).position === "fixed") return;
    tip.style.left = "0px";
    var box = tip.getBoundingClientRect();
    if (!box.width) return;
    var margin = 8;
    var shift = 0;
    var width = document.documentElement.clientWidth;
    if (box.right > width - margin) shift = width - margin - box.right;
    if (box.left + shift < margin) shift = margin - box.left;
    tip.style.left = shift + "px";
  }

  document.querySelectorAll(".gloss").forEach(function (gloss) {
    gloss.querySelector(".gloss-term").setAttribute("aria-expanded", "false");
    ["mouseenter", "focusin"].forEach(function (name) {
      gloss.addEventListener(name, function () {
        window.requestAnimationFrame(function () { place(gloss); });
      });
    });
  });

  document.addEventListener("click", function (event) {
    var term = event.target.closest(".gloss-term");
    if (!term) {
      if (!event.target.closest(".gloss-tip")) closeAll(null);
      return;
    }
    event.preventDefault();
    var gloss = term.closest(".gloss");
    closeAll(gloss);
    gloss.classList.remove("is-dismissed");
    var open = gloss.classList.toggle(OPEN);
    term.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) place(gloss);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var open = document.querySelector(".gloss." + OPEN + ", .gloss:focus-within");
      closeAll(null);
      if (open) open.classList.add("is-dismissed");
    }
  });

  document.addEventListener("focusout", function (event) {
    var gloss = event.target.closest && event.target.closest(".gloss");
    if (gloss) gloss.classList.remove("is-dismissed");
  });
})();
