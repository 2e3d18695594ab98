/* The participant picker of a review: a search box that narrows the list of members (a few hundred in a
   city) by name, role or department as one types. Without JavaScript the whole list is there, each name
   with its role and department, and the browser's find-in-page does the same. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-people-filter-label]");
  var list = document.getElementById("id_participants");
  if (!form || !list) { return; }
  var items = Array.prototype.slice.call(list.querySelectorAll("label"));
  if (items.length < 2) { return; }
  var field = document.createElement("div");
  field.className = "people-filter";
  var label = document.createElement("label");
  label.setAttribute("for", "people-filter");
  label.textContent = form.getAttribute("data-people-filter-label");
  var input = document.createElement("input");
  input.type = "search";
  input.id = "people-filter";
  input.setAttribute("autocomplete", "off");
  input.setAttribute("aria-controls", "id_participants");
  var status = document.createElement("p");
  status.className = "muted";
  status.setAttribute("role", "status");
  field.appendChild(label);
  field.appendChild(input);
  field.appendChild(status);
  list.parentNode.insertBefore(field, list);
  var template = form.getAttribute("data-people-filter-count") || "{n}";

  function fold(text) {
    return (text || "").toLocaleLowerCase().replace(/[\u0591-\u05C7\u064B-\u065F\u0670]/g, "");
  }

  input.addEventListener("input", function () {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var text = fold(item.textContent);
      var checkbox = item.querySelector("input");
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      var keep = match || (checkbox && checkbox.checked);  // a chosen person never disappears
      (item.parentNode.tagName === "DIV" ? item.parentNode : item).hidden = !keep;
      if (keep) { shown += 1; }
    });
    status.textContent = words.length ? template.replace("{n}", String(shown)) : "";
  });
})();
