// Pickers: each <select data-lookup> becomes a combobox that searches the moderators' lookup as you
// type (the WAI-ARIA combobox pattern with a list popup: arrow keys move through the matches, Enter
// chooses, Escape closes the list and then clears the text). The select stays in the form, hidden,
// and carries the choice; without JavaScript it is shown and lists the likely choices.
(function () {
  "use strict";
  var count = 0;

  function enhance(select) {
    count += 1;
    var id = (select.id || "picker-" + count) + "-search";
    var wrapper = document.createElement("div");
    wrapper.className = "picker";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-list");
    if (select.getAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
    }
    if (select.required) input.required = true;
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "picker-status";
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    select.parentNode.insertBefore(wrapper, select.nextSibling);

    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.htmlFor = id;
      list.setAttribute("aria-label", label.textContent.replace(/:\s*$/, ""));
    }
    select.hidden = true;
    select.tabIndex = -1;

    var emptyOption = select.querySelector('option[value=""]');
    var chosenText = select.value ? select.options[select.selectedIndex].textContent : "";
    input.value = chosenText;
    input.placeholder = emptyOption ? emptyOption.textContent : "Type to search";
    var results = [];
    var active = -1;
    var timer = null;
    var request = 0;

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var options = list.querySelectorAll('[role="option"]');
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }
    function choose(index) {
      var result = results[index];
      if (!result) return;
      var option = select.querySelector('option[value="' + result.id + '"]');
      if (!option) {
        option = new Option(result.label + (result.detail ? " — " + result.detail : ""), result.id);
        select.appendChild(option);
      }
      select.value = String(result.id);
      select.dispatchEvent(new Event("change", { bubbles: true }));
      chosenText = option.textContent;
      input.value = chosenText;
      status.textContent = "Chosen: " + chosenText;
      close();
    }
    function show(found) {
      results = found;
      list.textContent = "";
      found.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = id + "-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = result.label;
        if (result.detail) {
          var detail = document.createElement("span");
          detail.className = "picker-detail";
          detail.textContent = result.detail;
          item.appendChild(detail);
        }
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          choose(i);
        });
        list.appendChild(item);
      });
      status.textContent = found.length
        ? found.length + (found.length === 1 ? " match" : " matches") + "; arrow keys to move, Enter to choose."
        : "No match.";
      if (found.length) open();
      else close();
    }
    function search(then) {
      var url = select.getAttribute("data-lookup");
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(input.value.trim());
      var mine = ++request;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          if (mine !== request) return; // a later search has been sent
          show(data.results);
          if (then) then();
        })
        .catch(function () {
          status.textContent = "The search failed; try again.";
        });
    }

    input.addEventListener("input", function () {
      if (!input.value.trim() && emptyOption) {
        select.value = "";
        chosenText = "";
      }
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        if (list.hidden) {
          search(function () {
            highlight(step > 0 ? 0 : -1);
          });
        } else {
          highlight(active + step);
        }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault(); // choose, do not submit the form
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          if (emptyOption) {
            select.value = "";
            chosenText = "";
          }
        }
      }
    });
    input.addEventListener("blur", function () {
      close();
      if (input.value !== chosenText && input.value.trim()) input.value = chosenText;
    });
  }

  document.querySelectorAll("select[data-lookup]").forEach(enhance);
})();
