// The evidence picker's filter box: typing a word shows only the excerpts whose words, speaker or
// article hold it; ticked excerpts always stay in view. Without JavaScript the box stays hidden and
// every excerpt is listed, grouped by article and speaker.
(function () {
  "use strict";
  var filter = document.querySelector("[data-evidence-filter]");
  if (!filter) return;
  var input = filter.querySelector("input");
  var count = filter.querySelector("[data-filter-count]");
  var picker = filter.closest("fieldset");
  var items = Array.prototype.slice.call(picker.querySelectorAll("[data-filter-item]"));
  var groups = Array.prototype.slice.call(picker.querySelectorAll("[data-filter-group]"));

  function fold(text) {
    return text.toLowerCase().replace(/[‘’‚‛′`´]/g, "'").replace(/[“”„‟″«»]/g, '"').replace(/\s+/g, " ");
  }
  // What each excerpt is found by: its own words and the legends of the groups around it.
  items.forEach(function (item) {
    var words = item.textContent;
    for (var group = item.closest("[data-filter-group]"); group; group = group.parentElement.closest("[data-filter-group]")) {
      words += " " + group.querySelector("legend").textContent;
    }
    item.filterText = fold(words);
  });

  function apply() {
    var terms = fold(input.value).trim().split(" ").filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var ticked = item.querySelector("input").checked;
      var match = ticked || terms.every(function (term) { return item.filterText.indexOf(term) >= 0; });
      item.hidden = !match;
      if (match) shown += 1;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("[data-filter-item]:not([hidden])");
    });
    count.textContent = terms.length
      ? "Showing " + shown + " of " + items.length + " excerpts" + (shown ? "." : ": try another word.")
      : items.length + " excerpts.";
  }

  input.addEventListener("input", apply);
  filter.hidden = false;
  apply();
})();
