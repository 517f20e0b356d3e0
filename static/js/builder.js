// The debate builder's outline: add, move, indent (reply) and outdent arguments with buttons or
// keys, filter each argument's evidence as you type, and quote a passage by selecting it in the
// article. Without JavaScript the same form works with its "Add" buttons and "Answers" lists;
// this script only changes the fields the server reads anyway.
(function () {
  "use strict";
  var form = document.getElementById("builder-form");
  var outline = form && form.querySelector("[data-builder-outline]");
  if (!outline) return;
  var total = form.querySelector("[name=rows-TOTAL_FORMS]");
  var active = null;

  function rows() { return Array.prototype.slice.call(outline.querySelectorAll("[data-row]")); }
  function field(row, name) { return row.querySelector("[name$='-" + name + "']"); }
  function key(row) { return field(row, "key").value; }
  function parentOf(row) { return field(row, "parent").value; }
  function rowByKey(value) { return rows().filter(function (r) { return key(r) === value; })[0] || null; }
  function depth(row) { return parseInt(row.getAttribute("data-depth") || "0", 10); }
  function block(row) {
    // The row and its replies: the rows after it that are deeper.
    var all = rows(), at = all.indexOf(row), out = [row];
    for (var i = at + 1; i < all.length && depth(all[i]) > depth(row); i++) out.push(all[i]);
    return out;
  }
  function side(row) {
    var checked = row.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "for";
  }

  function renumber(row, index) {
    row.querySelectorAll("[name^='rows-'], [id^='id_rows-'], label[for^='id_rows-']").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(/rows-\d+-/, "rows-" + index + "-"));
      });
    });
    var search = row.querySelector("[data-evidence-search]");
    search.querySelector("input").id = "filter-" + index;
    search.querySelector("label").setAttribute("for", "filter-" + index);
  }

  // Names follow the order on the page, so the server reads the rows top to bottom.
  var titles = Array.prototype.slice.call(form.querySelectorAll("[name^='positions-'][name$='-title']"));
  function refresh() {
    var all = rows(), depths = {}, above = [];
    // The position lists say each position's title as it is typed.
    all.forEach(function (row) {
      Array.prototype.forEach.call(field(row, "position").options, function (option) {
        var title = titles[option.index] && titles[option.index].value.trim();
        option.textContent = "Position " + (option.index + 1) + (title ? ": " + title : "");
      });
    });
    total.value = all.length;
    all.forEach(function (row, index) {
      renumber(row, index);
      var number = "Argument " + (index + 1);
      row.querySelector("[data-row-number]").textContent = number;
      row.querySelectorAll(".visually-hidden").forEach(function (span) {
        span.textContent = span.textContent.replace(/argument \d+/, "argument " + (index + 1));
      });
      row.querySelectorAll("label, legend").forEach(function (el) {
        if (el.firstChild && el.firstChild.nodeType === Node.TEXT_NODE) {
          el.firstChild.data = el.firstChild.data.replace(/(argument) \d+/, "$1 " + (index + 1));
        }
      });
      // A reply answers a row above it in the same position; anything else becomes top-level.
      var parentSelect = field(row, "parent"), position = field(row, "position").value;
      var parent = parentSelect.value && rowByKey(parentSelect.value);
      if (parent && (above.indexOf(parent) < 0 || field(parent, "position").value !== position)) parentSelect.value = "";
      Array.prototype.forEach.call(parentSelect.options, function (option) {
        if (!option.value) return;
        var target = rowByKey(option.value);
        var ok = target && above.indexOf(target) >= 0 && field(target, "position").value === position;
        option.disabled = !ok;
        option.hidden = !ok;
        if (target) {
          var text = field(target, "text").value.trim();
          option.textContent = "Argument " + (all.indexOf(target) + 1) + (text ? ": " + text.slice(0, 60) : "");
        }
      });
      var level = parentSelect.value ? Math.min(depths[parentSelect.value] + 1, 8) : 0;
      depths[key(row)] = level;
      row.setAttribute("data-depth", level);
      row.setAttribute("data-side", side(row));
      above.push(row);
    });
  }

  function addOption(select, value) {
    var option = document.createElement("option");
    option.value = value;
    select.appendChild(option);
  }

  function addRow(after) {
    var all = rows(), template = after || all[all.length - 1];
    var row = template.cloneNode(true), used = all.map(key), n = all.length + 1;
    while (used.indexOf("n" + n) >= 0) n += 1;
    row.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.type === "checkbox") el.checked = false;
      else if (el.type === "radio") el.checked = el.value === "for";
      else if (el.tagName !== "SELECT" && el.type !== "search") el.value = "";
    });
    row.querySelectorAll(".errorlist").forEach(function (el) { el.remove(); });
    row.querySelectorAll("[data-evidence-item]").forEach(function (item) { item.hidden = false; });
    // Its own names before it joins the page, so its side buttons never join the template's group.
    renumber(row, all.length);
    field(row, "key").value = "n" + n;
    field(row, "parent").value = field(template, "parent").value;
    field(row, "position").value = field(template, "position").value;
    var end = block(template);
    end[end.length - 1].after(row);
    rows().forEach(function (other) { addOption(field(other, "parent"), "n" + n); });
    wire(row);
    refresh();
    field(row, "text").focus();
    return row;
  }

  function siblings(row) {
    return rows().filter(function (other) {
      return parentOf(other) === parentOf(row) && field(other, "position").value === field(row, "position").value;
    });
  }

  function move(row, how) {
    var mine = block(row), list = siblings(row), at = list.indexOf(row);
    if (how === "up" && at > 0) {
      list[at - 1].before.apply(list[at - 1], mine);
    } else if (how === "down" && at >= 0 && at < list.length - 1) {
      var next = block(list[at + 1]);
      next[next.length - 1].after.apply(next[next.length - 1], mine);
    } else if (how === "indent" && at > 0) {
      field(row, "parent").value = key(list[at - 1]);
      var target = block(list[at - 1]);
      target[target.length - 1].after.apply(target[target.length - 1], mine);
    } else if (how === "outdent" && parentOf(row)) {
      var parent = rowByKey(parentOf(row));
      field(row, "parent").value = parentOf(parent);
      // It now follows its former parent's thread, as the reply it has become to that thread's parent.
      var thread = block(parent).filter(function (r) { return mine.indexOf(r) < 0; });
      thread[thread.length - 1].after.apply(thread[thread.length - 1], mine);
    } else {
      return;
    }
    refresh();
    field(row, "text").focus();
  }

  function filterEvidence(row) {
    var search = row.querySelector("[data-evidence-search] input");
    var terms = search.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    row.querySelectorAll("[data-evidence-item]").forEach(function (item) {
      var ticked = item.querySelector("input").checked;
      var words = item.textContent.toLowerCase();
      item.hidden = !(ticked || terms.every(function (term) { return words.indexOf(term) >= 0; }));
    });
  }

  function wire(row) {
    row.querySelector("[data-row-tools]").hidden = false;
    var search = row.querySelector("[data-evidence-search]");
    if (search) {
      search.hidden = false;
      search.querySelector("input").addEventListener("input", function () { filterEvidence(row); });
    }
    row.querySelectorAll("[data-move]").forEach(function (button) {
      button.addEventListener("click", function () { move(row, button.getAttribute("data-move")); });
    });
    row.addEventListener("focusin", function () { active = row; });
    row.addEventListener("change", function (event) {
      if (/-(parent|position|side)$/.test(event.target.name)) refresh();
    });
    field(row, "text").addEventListener("keydown", function (event) {
      if (!event.altKey) return;
      var how = { ArrowUp: "up", ArrowDown: "down", ArrowRight: "indent", ArrowLeft: "outdent" }[event.key];
      if (how) { event.preventDefault(); move(row, how); }
      if (event.key === "Enter") { event.preventDefault(); addRow(row); }
    });
  }

  rows().forEach(wire);
  titles.forEach(function (input) { input.addEventListener("change", refresh); });
  var add = form.querySelector("[data-add-row]");
  add.addEventListener("click", function (event) { event.preventDefault(); addRow(active); });
  form.querySelector("[data-builder-keys]").hidden = false;
  refresh();

  // Selecting a passage in the article quotes it in the argument last worked on.
  var text = document.querySelector("[data-source-text]");
  if (!text) return;
  document.querySelector("[data-select-help]").hidden = false;
  function codePoints(str) { return Array.from(str).length; }
  function offsetOf(node, utf16Offset) {
    var holder = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var segment = holder && holder.closest("[data-o]");
    if (!segment || !text.contains(segment)) return null;
    var before = node.nodeType === Node.TEXT_NODE ? node.data.slice(0, utf16Offset) : "";
    return parseInt(segment.getAttribute("data-o"), 10) + codePoints(before);
  }
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!active || !selection || selection.isCollapsed || !selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    field(active, "passage").value = selection.toString();
    field(active, "passage_start").value = start;
    field(active, "passage_end").value = end;
  });
  // A passage typed by hand is found by the server: offsets from an earlier selection no longer apply.
  form.addEventListener("input", function (event) {
    if (/-passage$/.test(event.target.name)) {
      var row = event.target.closest("[data-row]");
      field(row, "passage_start").value = "";
      field(row, "passage_end").value = "";
    }
  });
})();
