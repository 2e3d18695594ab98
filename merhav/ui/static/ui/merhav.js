// Small enhancements only: every page works without this file.
(function () {
  "use strict";
  // Confirm destructive actions marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // A page waiting for the worker (data-reload-after="seconds") loads itself again; it has a link too.
  var waiting = document.querySelector("[data-reload-after]");
  if (waiting) {
    var seconds = parseInt(waiting.getAttribute("data-reload-after"), 10) || 3;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
  // Close the authority switcher when clicking elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.switcher[open]").forEach(function (el) {
      if (!el.contains(event.target)) { el.removeAttribute("open"); }
    });
  });
})();
