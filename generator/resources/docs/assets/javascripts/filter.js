/*
 * Organization list filter: hides the rows of the lists whose name does not
 * contain what the visitor typed (case- and ё/е-insensitive). Works without
 * it too: the lists are plain tables and the site search finds every name.
 */
(function () {
  "use strict";

  function fold(text) {
    return text.toLocaleLowerCase("ru").replace(/ё/g, "е").replace(/\s+/g, " ").trim();
  }

  function setup() {
    document.querySelectorAll("input[data-filter-target]").forEach(function (input) {
      if (input.dataset.filterReady) return;
      input.dataset.filterReady = "1";
      var rows = Array.prototype.slice.call(document.querySelectorAll(input.dataset.filterTarget));
      var status = document.createElement("p");
      status.className = "org-filter__status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      input.parentNode.appendChild(status);
      input.addEventListener("input", function () {
        var query = fold(input.value);
        var shown = 0;
        rows.forEach(function (row) {
          var match = !query || fold(row.textContent).indexOf(query) !== -1;
          row.hidden = !match;
          if (match) shown += 1;
        });
        status.textContent = query ? "Найдено организаций: " + shown : "";
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
