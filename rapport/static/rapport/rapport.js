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
})();
