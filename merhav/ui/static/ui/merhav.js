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
  // Its [data-reload-toggle] button stops and restarts that (WCAG 2.2.1: a person who needs longer to
  // read the page turns the updates off); the choice holds for the browser tab (sessionStorage).
  var waiting = document.querySelector("[data-reload-after]");
  if (waiting) {
    var seconds = parseInt(waiting.getAttribute("data-reload-after"), 10) || 3;
    var toggle = waiting.querySelector("[data-reload-toggle]");
    var stopLabel = toggle ? toggle.textContent : "";
    var timer = null;
    var storageKey = "merhav-updates-stopped";
    var stopped = function () {
      try { return window.sessionStorage.getItem(storageKey) === "1"; } catch (error) { return false; }
    };
    var schedule = function () {
      if (timer !== null) { window.clearTimeout(timer); timer = null; }
      if (!stopped()) { timer = window.setTimeout(function () { window.location.reload(); }, seconds * 1000); }
      if (toggle) { toggle.textContent = stopped() ? toggle.getAttribute("data-start-label") : stopLabel; }
    };
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        try {
          if (stopped()) { window.sessionStorage.removeItem(storageKey); } else { window.sessionStorage.setItem(storageKey, "1"); }
        } catch (error) { /* storage refused: the button cannot remember, the link still works */ }
        schedule();
      });
    }
    schedule();
  }
  // Close the authority switcher when clicking elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.switcher[open]").forEach(function (el) {
      if (!el.contains(event.target)) { el.removeAttribute("open"); }
    });
  });

  // Say a text once through the page's polite live region (#announcer in base.html).
  function announce(text) {
    var announcer = document.getElementById("announcer");
    if (!announcer || !text) { return; }
    announcer.textContent = "";
    // A change after the page settled is what screen readers read out; the same text set at once is not.
    window.setTimeout(function () { announcer.textContent = text; }, 100);
  }

  function fragmentTarget() {
    if (!window.location.hash) { return null; }
    try {
      return document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    } catch (error) {
      return null;
    }
  }

  // After a page load that follows an action, the focus goes to what reports it: a form's error summary
  // first, else the messages. The markup asks for the same with autofocus; browsers skip autofocus when
  // the address names a place in the page (#lessons), so this decides. There, the reader stays where the
  // page sent them and the message is announced instead of taking the focus.
  function focusWhatReportsTheAction() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      if (document.activeElement !== summary) { summary.focus(); }
      return;
    }
    var messages = document.querySelector("[data-messages]");
    if (!messages) { return; }
    if (fragmentTarget()) {
      announce(messages.textContent.replace(/\s+/g, " ").trim());
    } else if (document.activeElement !== messages) {
      messages.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusWhatReportsTheAction);
  } else {
    focusWhatReportsTheAction();
  }

  // A link of the error summary puts the focus in its field and shows the field's label with it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) { return; }
    event.preventDefault();
    var fieldset = field.closest("fieldset");
    var label = (fieldset && fieldset.querySelector("legend")) ||
      document.querySelector("label[for='" + window.CSS.escape(field.id) + "']");
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
