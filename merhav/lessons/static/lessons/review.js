// Autosave of the five answers of a review. Optional: without it each section saves with its button.
// Each section form carries data-autosave-url and its messages (data-msg-*), and its own version: a save
// with a version someone else already replaced is a conflict, and the form is then submitted normally,
// so the server shows both texts to merge (nothing is overwritten, nothing is lost).
(function () {
  "use strict";
  var DELAY_MS = 1500;

  function setup(form) {
    var url = form.getAttribute("data-autosave-url");
    var textarea = form.querySelector("textarea[name='text']");
    var version = form.querySelector("input[name='version']");
    var token = form.querySelector("input[name='csrfmiddlewaretoken']");
    var status = form.querySelector(".autosave-status");
    if (!url || !textarea || !version || !token || !window.fetch || !window.FormData) {
      return;
    }
    var saved = textarea.value;
    var timer = null;
    var inFlight = false;
    var again = false;
    var conflicted = false;
    var submitAfterSave = false;

    function submitNow() {
      conflicted = true;
      HTMLFormElement.prototype.submit.call(form);
    }

    function say(key, suffix) {
      if (!status) { return; }
      var text = form.getAttribute("data-msg-" + key) || "";
      status.textContent = suffix ? text + " " + suffix : text;
      status.setAttribute("data-state", key);
    }

    function save() {
      timer = null;
      if (conflicted) { return; }
      if (inFlight) { again = true; return; }
      var text = textarea.value;
      if (text === saved) { return; }
      inFlight = true;
      say("saving");
      var body = new FormData();
      body.append("text", text);
      body.append("version", version.value);
      body.append("csrfmiddlewaretoken", token.value);
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value, "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return { code: response.status, data: data };
        });
      }).then(function (result) {
        inFlight = false;
        if (result.code === 200 && result.data.status === "saved") {
          version.value = result.data.version;
          saved = text;
          say("saved", result.data.saved_at_display || "");
          if (submitAfterSave) { submitNow(); return; }
          if (again || textarea.value !== saved) { again = false; schedule(); }
        } else if (result.code === 409) {
          // Someone else saved this answer: let the server show both versions to merge.
          say("conflict");
          submitNow();
        } else {
          say("error");
          if (submitAfterSave) { submitNow(); }
        }
      }).catch(function () {
        inFlight = false;
        say("error");
        if (submitAfterSave) { submitNow(); }
      });
    }

    function schedule() {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(save, DELAY_MS);
    }

    textarea.addEventListener("input", schedule);
    textarea.addEventListener("blur", function () {
      if (timer) { window.clearTimeout(timer); save(); }
    });
    form.addEventListener("submit", function (event) {
      // The normal submit saves (or shows the merge page). Stop the timer so it does not race it, and
      // let a save already on its way finish first, so the form carries the version it produced.
      if (timer) { window.clearTimeout(timer); timer = null; }
      if (inFlight) {
        event.preventDefault();
        submitAfterSave = true;
        return;
      }
      conflicted = true;
    });
  }

  function init() {
    var forms = document.querySelectorAll("form.section-form[data-autosave-url]");
    Array.prototype.forEach.call(forms, setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
