/*
 * Finding and ordering in the tables of the monitoring site.
 *
 * 1. The organization filter (div.org-filter): a query field and, where the
 *    page has them, selects of the kind, the district, the group and the
 *    territorial unit. A select marked data-filter-tokens matches one of the
 *    space-separated ids of the row's attribute (an organization is in
 *    several groups, and in its unit and every unit above it). A row of a table
 *    marked .filterable stays visible when every word of the query starts one
 *    of the row's search keys (data-search, computed by the generator:
 *    generator/render/searchkeys.py) and every number is one of them: «школы
 *    № 3» and «сош 3» find «МБОУ «Средняя общеобразовательная школа № 3»»,
 *    «ромашке» finds «…«Ромашка»», «3» never finds «13» or a score. A table
 *    left without rows is replaced by «Ничего не найдено»; a group of the
 *    other kind (from its div.filter-group[data-kind] marker to the next) is hidden.
 * 2. Sorting: every column header of a table in the article is a button;
 *    a click (or Enter/Space) sorts the rows by that column, again in the
 *    other direction; aria-sort tells which. Numbers are read the Russian way
 *    (decimal comma, no-break spaces, «−»), places «3–5» by their first
 *    number, levels and trends by the order the generator wrote (data-order).
 *
 * window.monitoringFind exposes the matcher to compare.js. Without
 * JavaScript the tables are plain and the site search finds every name.
 */
(function () {
  "use strict";

  /* The same list as ENDINGS in generator/render/searchkeys.py (a test compares them). */
  var ENDINGS = [
    "иями", "ями", "ами", "ией", "иям", "ием", "иях", "ого", "его", "ому", "ему", "ыми", "ими",
    "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ей", "ым", "им", "ом", "ем", "ых", "их",
    "ую", "юю", "ах", "ях", "ам", "ям", "ов", "ев",
    "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й"
  ];
  var MIN_STEM = 3;
  var WORD = /[0-9]+|[a-zа-я]+/g;

  function normalise(text) {
    return String(text).toLowerCase().replace(/ё/g, "е").replace(/д\/с/g, "дс");
  }

  function words(text) {
    return normalise(text).match(WORD) || [];
  }

  function stem(word) {
    if (/^[0-9]+$/.test(word)) return word;
    for (var i = 0; i < ENDINGS.length; i++) {
      var e = ENDINGS[i];
      if (word.length - e.length >= MIN_STEM && word.slice(-e.length) === e) {
        return word.slice(0, -e.length);
      }
    }
    return word;
  }

  /* The query as the matcher uses it: [{number: bool, text: stem or number}]. */
  function parse(query) {
    return words(query).map(function (w) {
      var number = /^[0-9]+$/.test(w);
      return {number: number, text: number ? w : stem(w)};
    });
  }

  function matches(keys, parsed) {
    var ks = keys.split(" ");
    return parsed.every(function (q) {
      return ks.some(function (k) {
        return q.number ? k === q.text : k.lastIndexOf(q.text, 0) === 0;
      });
    });
  }

  window.monitoringFind = {parse: parse, matches: matches, words: words, stem: stem};

  /* -- The filter ------------------------------------------------------------- */

  function setupFilter(bar) {
    if (bar.dataset.filterReady) return;
    bar.dataset.filterReady = "1";
    var input = bar.querySelector("input[type=search]");
    var selects = Array.prototype.slice.call(bar.querySelectorAll("select[data-filter-attr]"));
    var scope = bar.closest("article") || document;
    var tables = Array.prototype.slice.call(scope.querySelectorAll("table.filterable"));
    var groups = Array.prototype.slice.call(scope.querySelectorAll(".filter-group[data-kind]"));
    var status = document.createElement("p");
    status.className = "org-filter__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    bar.appendChild(status);

    function apply() {
      var parsed = parse(input ? input.value : "");
      var wanted = {};
      var tokens = {};
      var active = parsed.length > 0;
      selects.forEach(function (s) {
        if (s.value) { wanted[s.dataset.filterAttr] = s.value; active = true; }
        if (s.hasAttribute("data-filter-tokens")) tokens[s.dataset.filterAttr] = true;
      });
      // A marker div.filter-group[data-kind] opens each kind's part of the
      // page; its elements up to the next marker go with it.
      groups.forEach(function (g) {
        var hide = Boolean(wanted.kind) && Boolean(g.dataset.kind) && g.dataset.kind !== wanted.kind;
        for (var n = g.nextElementSibling; n && !n.matches(".filter-group"); n = n.nextElementSibling) {
          if (hide) n.setAttribute("data-kind-hidden", ""); else n.removeAttribute("data-kind-hidden");
        }
      });
      var shown = 0;
      tables.forEach(function (table) {
        var visible = 0;
        var inHiddenGroup = table.closest("[data-kind-hidden]");
        table.querySelectorAll("tbody tr").forEach(function (row) {
          var ok = !inHiddenGroup && matches(row.dataset.search || "", parsed);
          for (var attr in wanted) {
            var have = row.dataset[attr] || "";
            var fits = tokens[attr] ? (" " + have + " ").indexOf(" " + wanted[attr] + " ") >= 0 : have === wanted[attr];
            if (ok && !fits) ok = false;
          }
          row.hidden = !ok;
          if (ok) visible += 1;
        });
        shown += visible;
        var wrap = table.closest(".table-wrap") || table;
        wrap.hidden = visible === 0;
        var empty = wrap.nextElementSibling;
        if (!empty || !empty.classList.contains("filter-empty")) {
          empty = document.createElement("p");
          empty.className = "filter-empty";
          empty.textContent = "Ничего не найдено.";
          wrap.parentNode.insertBefore(empty, wrap.nextSibling);
        }
        empty.hidden = visible !== 0 || Boolean(inHiddenGroup);
      });
      status.textContent = !active ? "" : shown ?
        "Найдено организаций: " + shown :
        "Ничего не найдено. Попробуйте часть названия или номер: «школа 3», «ромашка».";
    }

    if (input) input.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    if ((input && input.value) || selects.some(function (s) { return s.value; })) apply();
  }

  /* -- Sorting ----------------------------------------------------------------- */

  var NUMBER = /^[−\-+]?\d[\d\u00a0\u202f ]*(?:,\d+)?(?:\s*%)?$/;

  function cellKey(cell) {
    if (!cell) return {empty: true, text: ""};
    var ordered = cell.hasAttribute("data-order") ? cell : cell.querySelector("[data-order]");
    if (ordered) {
      var o = ordered.getAttribute("data-order");
      return o === "" ? {empty: true, text: ""} : {number: parseFloat(o), text: o};
    }
    var text = cell.textContent.replace(/\s+/g, " ").trim();
    if (text === "" || text === "—" || text === "не представлено") return {empty: true, text: text};
    var first = text.split(/[–\s]/)[0];  // «3–5», «3 из 40»: the first number
    var candidate = NUMBER.test(text) ? text : (/^\d+$/.test(first) ? first : null);
    if (candidate !== null) {
      var n = parseFloat(candidate.replace(/[\u00a0\u202f %]/g, "").replace("−", "-").replace(",", "."));
      if (!isNaN(n)) return {number: n, text: text};
    }
    return {text: text};
  }

  var collator = window.Intl ? new Intl.Collator("ru", {numeric: true, sensitivity: "base"}) : null;

  function compare(a, b) {
    if (a.empty || b.empty) return a.empty && b.empty ? 0 : (a.empty ? 1 : -1);
    if (a.number !== undefined && b.number !== undefined) return a.number - b.number;
    return collator ? collator.compare(a.text, b.text) : (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
  }

  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var descending = th.getAttribute("aria-sort") === "ascending";
    table.querySelectorAll("thead th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      return {row: row, key: cellKey(row.cells[index]), i: i};
    });
    rows.sort(function (x, y) {
      var c = compare(x.key, y.key);
      if (c !== 0 && !(x.key.empty || y.key.empty)) c = descending ? -c : c;
      return c || x.i - y.i;  // stable; empty cells always last
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
  }

  function setupSort(table) {
    if (table.dataset.sortReady || !table.tHead || !table.tBodies.length || table.tBodies[0].rows.length < 2) return;
    var head = table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    table.dataset.sortReady = "1";
    Array.prototype.forEach.call(head.cells, function (th, index) {
      if (th.colSpan > 1) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      // No title: the theme would mount a tooltip component on every header
      // of the page while it loads (on a year page, 50 of them: about a
      // tenth of the blocking time on a phone). The header's words name the
      // button, aria-sort tells the order, the arrow mark shows it sorts.
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  }

  /* -- Dense tables --------------------------------------------------------------
     At desktop width a table wider than the column is set tighter first
     (.table-wrap--dense: smaller type and cells, headers may break) and
     scrolls only if it still does not fit. On phones tables keep their size
     and scroll: their key columns come first. The classes are taken off all
     at once, the widths read all at once and the classes set all at once:
     one layout for the page, not one a table (no layout thrashing). */
  var DESKTOP = window.matchMedia ? window.matchMedia("(min-width: 45em)") : null;

  function densify() {
    var wide = Boolean(DESKTOP && DESKTOP.matches);
    var wraps = Array.prototype.slice.call(document.querySelectorAll("article .table-wrap"));
    var dense = wraps.filter(function (wrap) { return wrap.classList.contains("table-wrap--dense"); });
    if (!wide && !dense.length) return;  // a phone: nothing to measure
    dense.forEach(function (wrap) { wrap.classList.remove("table-wrap--dense"); });
    if (!wide) return;
    var over = wraps.filter(function (wrap) { return wrap.scrollWidth > wrap.clientWidth + 1; });
    over.forEach(function (wrap) { wrap.classList.add("table-wrap--dense"); });
  }

  function setup() {
    document.querySelectorAll("div.org-filter[data-filter]").forEach(setupFilter);
    document.querySelectorAll("article table").forEach(setupSort);
    densify();
  }

  var densifyTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(densifyTimer);
    densifyTimer = window.setTimeout(densify, 150);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
