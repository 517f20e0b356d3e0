// Moderators: select a passage of the article to attach it as evidence.
// The page sends code-point offsets (the server's unit); the browser's selection
// gives UTF-16 offsets, so they are converted here. The server re-checks the excerpt.
(function () {
  "use strict";
  var text = document.querySelector("[data-source-text]");
  var form = document.getElementById("attach-form");
  if (!text || !form) return;

  function codePoints(str) { return Array.from(str).length; }

  function offsetOf(node, utf16Offset) {
    var holder = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var segment = holder && holder.closest("[data-o]");
    if (!segment || !text.contains(segment)) return null;
    var before = "";
    var walker = document.createTreeWalker(segment, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (walker.currentNode === node) { before += node.data.slice(0, utf16Offset); break; }
      before += walker.currentNode.data;
    }
    return parseInt(segment.getAttribute("data-o"), 10) + codePoints(before);
  }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    var quote = selection.toString();
    form.elements.start.value = start;
    form.elements.end.value = end;
    form.elements.quote.value = quote;
    form.querySelector(".attach-preview").textContent = quote;
    form.hidden = false;
  });
})();
