// Small conveniences; every page works without them.
(function () {
  "use strict";

  // On a phone, the menu folds behind a "Menu" button (CSS shows it only there); without
  // the script it stays one line that scrolls sideways.
  document.querySelectorAll("header.site .menu-toggle").forEach(function (toggle) {
    var header = toggle.closest("header");
    toggle.hidden = false;
    header.classList.add("has-menu");
    toggle.addEventListener("click", function () {
      var open = header.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });

  // On the set-up page, start the time zone at the browser's own.
  document.querySelectorAll("form[data-guess-time-zone] select[name=time_zone]").forEach(function (select) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && select.value === "UTC" && select.querySelector('option[value="' + zone + '"]')) {
      select.value = zone;
    }
  });

  // A form sent back with a mistake: its first marked field takes the focus (and so comes
  // into view), unless the page gave the focus elsewhere than a blank form's first field
  // (autofocus). Where the form sits far down a page, as a contact's "what you share" does,
  // or the mistake is the e-mail address below the name, it is otherwise passed over.
  var invalid = document.querySelector(".field.invalid input, .field.invalid select, .field.invalid textarea");
  var focused = document.activeElement;
  if (invalid && (!focused || focused === document.body || focused.hasAttribute("autofocus"))) {
    // In the middle of the window: its message and the form's button below it in view too.
    invalid.scrollIntoView({ block: "center" });
    invalid.focus({ preventScroll: true });
  }

  // A link to a part of a page that folds away ("add what you share") opens it.
  function openTarget() {
    var target = location.hash.length > 1 && document.getElementById(location.hash.slice(1));
    var fold = target && target.closest("details");
    if (fold) { fold.open = true; }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);

  // A choice that changes what a button will do says so on the button (the import preview's
  // "use the file's values": "…, update 12").
  document.querySelectorAll("input[type=checkbox][data-relabels]").forEach(function (box) {
    var button = document.getElementById(box.dataset.relabels);
    if (!button || !button.dataset.checked) { return; }
    var unchecked = button.textContent;
    function relabel() { button.textContent = box.checked ? button.dataset.checked : unchecked; }
    box.addEventListener("change", relabel);
    relabel();  // a checkbox the browser restored on going back
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

  // Practice: one question card at a time, and a clock against the planned length that runs
  // from Start (once the friend is named), not from the page's opening.
  document.querySelectorAll("form[data-practice]").forEach(function (form) {
    var cards = form.querySelectorAll("[data-card]"), index = 0;
    var timer = form.querySelector("[data-timer]"), seconds = form.querySelector("[data-seconds]");
    var start = form.querySelector("[data-practice-start]"), next = form.querySelector("[data-next]");
    var friend = form.querySelector("[name=friend]"), limit = Number(form.dataset.minutes) * 60;
    if (!start) { return; }  // no questions: nothing to practise
    start.addEventListener("click", function () {
      if (!friend.value.trim()) { friend.focus(); friend.reportValidity(); return; }
      var started = Date.now();
      setInterval(function () {
        var elapsed = Math.floor((Date.now() - started) / 1000);
        timer.textContent = Math.floor(elapsed / 60) + ":" + String(elapsed % 60).padStart(2, "0");
        timer.classList.toggle("over", elapsed > limit);
        seconds.value = elapsed;
      }, 1000);
      start.hidden = true;
      next.hidden = cards.length < 2;
      (next.hidden ? form.querySelector("[type=submit]") : next).focus();
    });
    next.addEventListener("click", function () {
      cards[index].classList.remove("current");
      index += 1;
      cards[index].classList.add("current");
      if (index === cards.length - 1) {  // the last card: what is left is to save
        next.hidden = true;
        form.querySelector("[type=submit]").focus();
      }
    });
  });

  // Meeting notes: a clock against the planned length, kept across a reload, and notes that
  // reach the server even when the connection drops. Every edit is kept in the browser
  // (localStorage) until the server has it; what has not been sent goes when the connection
  // returns, on a retry timer, and when the page is opened again.
  document.querySelectorAll("[data-meeting-notes]").forEach(function (page) {
    runClock(page);
    keepNotes(page, page.querySelector("form[data-autosave]"));
  });

  function runClock(page) {
    var timer = page.querySelector("[data-timer]"), key = "rapport-clock-" + page.dataset.meetingNotes;
    if (!timer) { localStorage.removeItem(key); return; }  // held: the clock is put away
    var button = page.querySelector("[data-start-clock]"), reset = page.querySelector("[data-reset-clock]");
    var limit = Number(page.dataset.minutes) * 60, running = null;
    function show(elapsed) {
      timer.textContent = Math.floor(elapsed / 60) + ":" + String(elapsed % 60).padStart(2, "0");
      timer.classList.toggle("over", elapsed > limit);
    }
    function tick(started) {
      button.hidden = true;  // running: the timer says so, and there is nothing to start
      reset.hidden = false;
      var update = function () { show(Math.max(0, Math.floor((Date.now() - started) / 1000))); };
      update();
      running = setInterval(update, 1000);
    }
    var kept = Number(localStorage.getItem(key));
    if (kept && Date.now() - kept < 6 * 3600 * 1000) { tick(kept); }  // a reload mid-meeting
    button.addEventListener("click", function () {
      var started = Date.now();
      localStorage.setItem(key, String(started));
      tick(started);
      reset.focus();  // in place of the button pressed, now hidden
    });
    reset.addEventListener("click", function () {
      clearInterval(running);
      localStorage.removeItem(key);
      show(0);
      reset.hidden = true;
      button.hidden = false;
      button.focus();  // the control that was pressed is gone: focus goes to the one in its place
    });
  }

  var PAUSE_MS = 800, RETRY_MS = 15000;
  var OFFLINE = "Not saved yet \u2014 offline; will send when the connection returns.";

  function autosaved(form) {
    var body = new FormData(form);
    body.append("autosave", "1");
    return body;
  }

  function keepNotes(page, form) {
    var status = page.querySelector("[data-save-status]"), heard = page.querySelector("#heard");
    var fields = Array.prototype.slice.call(form.querySelectorAll("[data-draft-key]"));
    var server = {}, sending = false, pause = null, retry = null;

    function setStatus(state, text) {
      status.className = "save-status " + state;
      status.textContent = text;
    }
    function unsent() { return fields.some(function (f) { return f.value !== server[f.dataset.draftKey]; }); }
    function keep(field) {
      var key = field.dataset.draftKey;
      localStorage.setItem(key, JSON.stringify({ text: field.value, base: server[key] }));
    }
    function draftOf(field) {
      var raw = localStorage.getItem(field.dataset.draftKey);
      if (raw === null) { return null; }
      try {
        var draft = JSON.parse(raw);
        if (draft && typeof draft.text === "string") { return draft; }
      } catch (error) { /* a plain string, kept by an earlier version of this page */ }
      return { text: raw, base: null };
    }
    function later(delay) {
      clearTimeout(pause);
      pause = setTimeout(send, delay);
    }
    function failed(text) {
      setStatus("unsaved", text);
      clearTimeout(retry);
      retry = setTimeout(send, RETRY_MS);
    }

    function send(now) {
      clearTimeout(pause);
      clearTimeout(retry);
      if (sending || (now !== true && !unsent())) { return; }
      if (!navigator.onLine) { failed(OFFLINE); return; }
      sending = true;
      var sent = {};
      fields.forEach(function (f) { sent[f.dataset.draftKey] = f.value; });
      setStatus("saving", "Saving\u2026");
      fetch(form.action, {
        method: "POST", body: autosaved(form), credentials: "same-origin",
        headers: { "HX-Request": "true" },
      }).then(function (response) {
        sending = false;
        if (response.redirected) {
          failed("Not saved yet \u2014 you are logged out. Log in again in another tab; your notes are kept here.");
        } else if (!response.ok) {
          failed("Not saved yet \u2014 Rapport could not save (error " + response.status + "); trying again.");
        } else {
          return response.text().then(function (html) { saved(sent, html); });
        }
      }, function () {
        sending = false;
        failed(OFFLINE);
      });
    }

    function saved(sent, html) {
      fields.forEach(function (f) {
        var key = f.dataset.draftKey;
        server[key] = sent[key];
        if (f.value === sent[key]) {
          localStorage.removeItem(key);
          f.classList.remove("restored");
        } else {
          keep(f);  // typed while it was on its way: goes with the next save
        }
      });
      heard.innerHTML = html;
      var at = heard.querySelector("[data-saved-at]");
      setStatus("saved", "Saved " + (at ? at.dataset.savedAt : "") + ".");
      if (at) { at.remove(); }  // said once, in the bar that stays in view
      if (unsent()) { later(PAUSE_MS); }
    }

    // What the server sent, and what this browser kept that the server does not have yet.
    var restored = false;
    fields.forEach(function (field) {
      var key = field.dataset.draftKey, draft = draftOf(field);
      server[key] = field.value;
      if (draft === null) { return; }
      if (draft.text === field.value) { localStorage.removeItem(key); return; }
      // Changed on the server since (another device) as well as here: keep both.
      field.value = draft.base === null || draft.base === field.value ? draft.text : field.value + "\n\n" + draft.text;
      field.classList.add("restored");
      keep(field);
      restored = true;
    });
    if (restored) {
      setStatus("restored", "Restored what you typed here earlier; sending it now.");
      send();
    }

    form.addEventListener("input", function (event) {
      if (!event.target.dataset.draftKey) { return; }
      keep(event.target);
      if (navigator.onLine) { later(PAUSE_MS); } else { failed(OFFLINE); }
    });
    form.addEventListener("submit", function (event) {
      // "The meeting is over" submits the page for real: the notes are saved with it, and
      // the next page asks when the meeting ended.
      if (event.submitter && event.submitter.name === "over") { return; }
      event.preventDefault();
      send(true);
    });
    window.addEventListener("online", send);
    window.addEventListener("offline", function () { if (unsent()) { failed(OFFLINE); } });
    // Leaving the page with something unsent: one last try that outlives the page.
    window.addEventListener("pagehide", function () {
      if (unsent() && navigator.onLine && navigator.sendBeacon) { navigator.sendBeacon(form.action, autosaved(form)); }
    });
  }

  // After a step that reloads the page (a question moved, an item added), focus goes back to
  // the control or item it concerned, named by the address's #fragment, not to the top.
  var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && target.matches("button, a[href], input, select, textarea, [tabindex]")) {
    target.focus();
  }

  // On a phone the menu is one line that scrolls sideways: show the page you are on.
  var menu = document.querySelector("header.site nav"), here = menu && menu.querySelector("[aria-current=page]");
  if (here && menu.scrollWidth > menu.clientWidth) {
    var overflow = here.getBoundingClientRect().right - menu.getBoundingClientRect().right;
    if (overflow > 0) { menu.scrollLeft += overflow + 24; }
  }

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
