/*
 * Site search: run the search on every change of the query.
 *
 * Material for MkDocs reads the search field on "keyup" (and on focus).
 * Text that arrives without a key being released (pasted with the mouse,
 * dragged in, entered by an on-screen keyboard, dictation or autofill) would
 * sit in the field with the results of the previous query. Each "input"
 * event is forwarded as a synthetic "keyup"; the theme ignores a value it
 * has already searched for, so typing on a keyboard does not search twice.
 */
(function () {
  "use strict";

  function setup() {
    var input = document.querySelector("input.md-search__input");
    if (!input || input.dataset.searchInputReady) {
      return;
    }
    input.dataset.searchInputReady = "1";
    input.addEventListener("input", function () {
      input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
