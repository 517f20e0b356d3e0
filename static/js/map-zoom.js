// Zoom buttons for the argument map. The picture is drawn at full size inside a box that scrolls;
// zooming out redraws it smaller (its viewBox stays, its width and height change), so on a phone a
// student can see the whole tree at once and zoom back in to read a box. Without JavaScript the
// buttons stay hidden and the picture still scrolls.
(function () {
  "use strict";
  var controls = document.querySelector("[data-map-zoom]");
  var frame = document.getElementById("map-picture");
  var svg = frame && frame.querySelector("svg");
  if (!controls || !svg) return;
  var box = svg.viewBox.baseVal;
  var steps = [0.25, 0.35, 0.5, 0.7, 1, 1.4, 2];
  var level = steps.indexOf(1);
  var out = controls.querySelector('[data-zoom="out"]');
  var zoomIn = controls.querySelector('[data-zoom="in"]');
  var shown = controls.querySelector("[data-zoom-level]");

  function zoom(to) {
    // Keep the middle of what the student is looking at in the middle.
    var middleX = (frame.scrollLeft + frame.clientWidth / 2) / svg.clientWidth;
    var middleY = (frame.scrollTop + frame.clientHeight / 2) / svg.clientHeight;
    level = Math.max(0, Math.min(steps.length - 1, to));
    var scale = steps[level];
    svg.setAttribute("width", Math.round(box.width * scale));
    svg.setAttribute("height", Math.round(box.height * scale));
    frame.scrollLeft = middleX * svg.clientWidth - frame.clientWidth / 2;
    frame.scrollTop = middleY * svg.clientHeight - frame.clientHeight / 2;
    out.disabled = level === 0;
    zoomIn.disabled = level === steps.length - 1;
    shown.textContent = Math.round(scale * 100) + "%";
  }

  controls.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-zoom]");
    if (!button) return;
    var how = button.getAttribute("data-zoom");
    zoom(how === "reset" ? steps.indexOf(1) : level + (how === "in" ? 1 : -1));
  });
  controls.hidden = false;
})();
