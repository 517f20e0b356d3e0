// Arguments like the one being written, shown as the student types (after a pause), from the API's
// /api/v1/arguments/similar/. Without JavaScript the same list comes on a step after sending.
(function () {
  "use strict";
  var box = document.querySelector("[data-similar-arguments]");
  var text = document.getElementById("id_text");
  if (!box || !text || !window.fetch) return;
  var list = box.querySelector("ol");
  var timer = null;
  var asked = "";
  var latest = 0;

  function item(match) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = match.argument.html_url;
    link.textContent = match.argument.text;
    var meta = document.createElement("span");
    meta.className = "meta";
    var side = match.argument.position_stance === "for" ? "For" : "Against";
    var close = match.score >= Number(box.dataset.close);
    meta.textContent = side + " its position · " + (close ? "close to yours" : "partly like yours");
    var evidence = document.createElement("a");
    evidence.href = box.dataset.evidenceUrl.replace("/0/", "/" + match.argument.id + "/");
    evidence.textContent = "Add your evidence to this one instead";
    li.append(link, " ", meta, " ", evidence);
    return li;
  }

  function show(matches) {
    list.replaceChildren.apply(list, matches.map(item));
    box.hidden = matches.length === 0;
  }

  function ask() {
    var words = text.value.trim();
    if (words === asked) return;
    asked = words;
    if (words.split(/\s+/).length < 3) { show([]); return; }
    var number = ++latest;
    var url = box.dataset.endpoint + "?position=" + encodeURIComponent(box.dataset.position) +
      "&text=" + encodeURIComponent(words.slice(0, 2000));
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (matches) { if (number === latest) show(matches); })
      .catch(function () { /* the list is a help: the step after sending still shows the matches */ });
  }

  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 500);
  });
  if (text.value.trim()) ask();
})();
