// Small conveniences; every page works without them.
(function () {
  "use strict";

  // On the set-up page, start the time zone at the browser's own.
  document.querySelectorAll("form[data-guess-time-zone] select[name=time_zone]").forEach(function (select) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && select.value === "UTC" && select.querySelector('option[value="' + zone + '"]')) {
      select.value = zone;
    }
  });

  // Long work (reading a large import) shows that it is under way and cannot be sent twice.
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || button.name === "cancel") { return; }
      setTimeout(function () {
        button.disabled = true;
        button.textContent = form.dataset.busy;
      }, 0);
    });
  });

  // The guard's suggestion, one click away: replace the flagged words in the editor.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-apply-suggestion]");
    if (!button) { return; }
    var field = document.getElementById("id_" + button.dataset.field);
    var start = Number(button.dataset.start), end = Number(button.dataset.end);
    if (!field || field.value.length < end) { return; }
    field.value = field.value.slice(0, start) + button.dataset.suggestion + field.value.slice(end);
    field.focus();
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });

  // Print the prep folder.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Practice: one question card at a time, and a clock against the planned length.
  document.querySelectorAll("form[data-practice]").forEach(function (form) {
    var cards = form.querySelectorAll("[data-card]"), index = 0, started = Date.now();
    var timer = form.querySelector("[data-timer]"), seconds = form.querySelector("[data-seconds]");
    var limit = Number(form.dataset.minutes) * 60;
    setInterval(function () {
      var elapsed = Math.floor((Date.now() - started) / 1000);
      timer.textContent = Math.floor(elapsed / 60) + ":" + String(elapsed % 60).padStart(2, "0");
      timer.classList.toggle("over", elapsed > limit);
      seconds.value = elapsed;
    }, 1000);
    form.querySelector("[data-next]").addEventListener("click", function () {
      if (index < cards.length - 1) {
        cards[index].classList.remove("current");
        index += 1;
        cards[index].classList.add("current");
      }
    });
  });

  // Meeting notes: a clock against the planned length, and a draft kept in the browser until
  // the server has it, so a dropped connection loses nothing.
  document.querySelectorAll("[data-meeting-notes]").forEach(function (page) {
    var timer = page.querySelector("[data-timer]"), limit = Number(page.dataset.minutes) * 60;
    page.querySelector("[data-start-clock]").addEventListener("click", function (event) {
      var started = Date.now();
      event.target.disabled = true;
      setInterval(function () {
        var elapsed = Math.floor((Date.now() - started) / 1000);
        timer.textContent = Math.floor(elapsed / 60) + ":" + String(elapsed % 60).padStart(2, "0");
        timer.classList.toggle("over", elapsed > limit);
      }, 1000);
    });
    var fields = page.querySelectorAll("[data-draft-key]");
    fields.forEach(function (field) {
      var kept = localStorage.getItem(field.dataset.draftKey);
      if (kept !== null && kept !== field.value) { field.value = kept; field.classList.add("restored"); }
      field.addEventListener("input", function () { localStorage.setItem(field.dataset.draftKey, field.value); });
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful && event.detail.elt.id === "notes-form") {
        fields.forEach(function (field) { localStorage.removeItem(field.dataset.draftKey); });
      }
    });
  });

  // "/" jumps to the search box, as in most tools people know.
  document.addEventListener("keydown", function (event) {
    var search = document.querySelector("[data-search]");
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && search && !typing && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });

  // Another wording replaces the editor's text: ask first if the user has changed it.
  document.querySelectorAll("[data-discards-edits]").forEach(function (link) {
    var field = document.querySelector(link.dataset.discardsEdits);
    if (!field) { return; }
    var original = field.value;
    link.addEventListener("click", function (event) {
      if (field.value !== original && !window.confirm("Replace your edited text with this wording?")) {
        event.preventDefault();
      }
    });
  });
})();
