/*
 * Search worker wrapper: Russian word forms.
 *
 * Material for MkDocs appends a trailing wildcard to every query term
 * ("олимпиадах" is sent to lunr as "олимпиадах*"), and lunr never runs its
 * pipeline (so never the stemmer) on a wildcard term. With the stemmer in the
 * index pipeline, full words then stop matching; without it, an inflected
 * word only matches the very same form. This wrapper keeps the index
 * unstemmed and reduces each plain Cyrillic query word to its stem with the
 * Russian Snowball stemmer that the theme already ships (lunr.ru), so that
 * "олимпиадах" is searched as "олимпиад*" and finds "олимпиады", "олимпиаде"...
 * A Snowball stem is always a prefix of its word, so nothing that matched
 * before is lost. The letter ё is folded to е in the index and in queries:
 * most people type "Тихоозерский" for "Тихоозёрский".
 *
 * overrides/main.html points the theme's search worker URL here, passing the
 * theme's own worker file name as ?worker=search.<hash>.min.js; this file
 * lives next to it (assets/javascripts/workers/) because the theme's worker
 * loads its language files relative to its own URL. Queries using the search
 * syntax (quotes, + - ~ ^ : *) are passed through unchanged.
 */
(function () {
  "use strict";

  var QUERY = 2; // Material's SearchMessageType.QUERY
  var WORD = /^[а-яё]{3,}$/i;
  var SYNTAX = /["+\-~^:*]/;

  function stem(word) {
    var lunr = self.lunr;
    if (!lunr || !lunr.ru || typeof lunr.ru.stemmer !== "function") {
      return word;
    }
    var result = lunr.ru.stemmer(word.toLowerCase());
    // A stem shorter than three letters matches too much: keep the word.
    return typeof result === "string" && result.length >= 3 ? result : word;
  }

  function fold(text) {
    return text.replace(/ё/g, "е").replace(/Ё/g, "Е");
  }

  function stemQuery(query) {
    query = fold(query);
    if (SYNTAX.test(query)) {
      return query;
    }
    return query.split(/(\s+)/).map(function (part) {
      return WORD.test(part) ? stem(part) : part;
    }).join("");
  }

  // Registered before the theme's worker, so this listener runs first and
  // rewrites the query in the message object the theme's listener receives.
  self.addEventListener("message", function (ev) {
    var message = ev.data;
    if (message && message.type === QUERY && typeof message.data === "string") {
      message.data = stemQuery(message.data);
    }
  });

  var worker = new URL(self.location.href).searchParams.get("worker") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker)) {
    throw new Error("search-ru.js: unexpected theme worker name: " + worker);
  }
  self.importScripts(worker);

  // Fold ё in every token the index (and a query term without a wildcard)
  // is built from. Only the tokens change: the texts shown in the results
  // keep their ё, and highlighting works on positions, not on token text.
  var Pipeline = self.lunr && self.lunr.Pipeline;
  if (Pipeline && typeof Pipeline.prototype.run === "function") {
    var run = Pipeline.prototype.run;
    Pipeline.prototype.run = function (tokens) {
      for (var i = 0; i < tokens.length; i++) {
        if (tokens[i] && typeof tokens[i].update === "function") {
          tokens[i].update(fold);
        }
      }
      return run.call(this, tokens);
    };
  }
})();
