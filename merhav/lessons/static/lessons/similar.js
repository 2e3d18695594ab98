/* Live hint while a lesson is typed: similar earlier lessons of the authority, in an aria-live list
   under the textarea (#id_text[data-similar-url]). Without JavaScript the form's "check" button does
   the same on the server. */
(function () {
  "use strict";
  var textarea = document.querySelector("textarea#id_text[data-similar-url]");
  if (!textarea || !window.fetch || !window.URLSearchParams) { return; }
  var endpoint = textarea.getAttribute("data-similar-url");
  var review = textarea.getAttribute("data-review") || "";
  if (!review) {
    var match = window.location.pathname.match(/\/reviews\/(\d+)\//);
    review = match ? match[1] : "";
  }
  var box = document.getElementById("similar-lessons");
  if (!box) {
    box = document.createElement("div");
    box.id = "similar-lessons";
    box.className = "similar-lessons";
    box.setAttribute("aria-live", "polite");
    textarea.parentNode.insertBefore(box, textarea.nextSibling);
  }
  var MIN_CHARS = 8;
  var DELAY = 450;
  var timer = null;
  var controller = null;
  var shown = "";

  function clear() {
    if (shown !== "") { box.textContent = ""; shown = ""; }
  }

  function render(data) {
    var key = JSON.stringify(data.results) + (data.results.length ? "" : data.empty);
    if (key === shown) { return; }
    shown = key;
    box.textContent = "";
    if (!data.results.length) {
      if (data.empty) {
        var none = document.createElement("p");
        none.className = "muted";
        none.textContent = data.empty;
        box.appendChild(none);
      }
      return;
    }
    var heading = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = data.heading;
    heading.appendChild(strong);
    box.appendChild(heading);
    var list = document.createElement("ul");
    data.results.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.setAttribute("dir", "auto");
      link.textContent = item.text.length > 220 ? item.text.slice(0, 219) + "…" : item.text;
      li.appendChild(link);
      var meta = [item.event, item.date, item.count_text].filter(function (part) { return part; });
      if (meta.length) {
        var small = document.createElement("small");
        small.textContent = " · " + meta.join(" · ");
        var bdi = document.createElement("bdi");
        bdi.appendChild(small);
        li.appendChild(document.createElement("br"));
        li.appendChild(bdi);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function lookup() {
    var text = textarea.value.trim();
    if (text.length < MIN_CHARS) { clear(); return; }
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    var params = new URLSearchParams({ text: text });
    if (review) { params.set("review", review); }
    fetch(endpoint + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data) { render(data); }
    }).catch(function () { /* offline or aborted: the "check" button still works */ });
  }

  textarea.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, DELAY);
  });
  if (textarea.value.trim().length >= MIN_CHARS && !box.textContent.trim()) { lookup(); }
})();
