/*
 * Draws the Vega-Lite charts of the monitoring site's pages.
 *
 * The generator writes into the page (templates/_macros.j2, chart):
 *   <figure class="chart">
 *     <div class="vega-chart" data-spec="{…Vega-Lite spec, escaped…}" data-alt="Text description"
 *          data-file="download-name" style="--chart-h:318px;--chart-h-narrow:354px"></div>
 *     <p class="chart-actions">… <button data-chart-download="png" disabled>PNG</button> …</p>
 *     <figcaption>…</figcaption>
 *     <details class="chart-data">…the chart's data table…</details>
 *   </figure>
 *
 * The box has its final height from the start (monitoring.css reads
 * --chart-h); a chart is drawn when it comes near the screen
 * (IntersectionObserver), and only then is the chart library, vega-bundle.min.js
 * in assets/vendor/, requested: a page without charts never loads it, and a
 * phone reads the text before any chart work starts. Once drawn, the <svg>
 * gets role="img" and an aria-label from data-alt, the download buttons are
 * enabled (PNG and SVG made by Vega in the browser), and a change of the
 * colour scheme redraws it. On an error the block shows a visible message in
 * Russian. Overflowing .table-wrap wrappers without a tabindex get
 * tabindex="0", role="region" and a name, so that they can be scrolled with
 * the keyboard.
 */
(function () {
  "use strict";

  /* Russian number locale (d3-format): decimal comma, no-break space between thousands. */
  var RU_FORMAT_LOCALE = {
    decimal: ",",
    thousands: "\u00a0",
    grouping: [3],
    currency: ["", "\u00a0\u20bd"],
    minus: "\u2212",
    percent: "%"
  };

  /* Russian date locale (d3-time-format). */
  var RU_TIME_FORMAT_LOCALE = {
    dateTime: "%A, %e %B %Y г. %X",
    date: "%d.%m.%Y",
    time: "%H:%M:%S",
    periods: ["AM", "PM"],
    days: ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
    shortDays: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
    months: ["января", "февраля", "марта", "апреля", "мая", "июня",
             "июля", "августа", "сентября", "октября", "ноября", "декабря"],
    shortMonths: ["янв", "фев", "мар", "апр", "май", "июн",
                  "июл", "авг", "сен", "окт", "ноя", "дек"]
  };

  var EMBED_OPTIONS = {
    actions: false,          // no "Open in Vega Editor" menu (links to other sites)
    renderer: "svg",
    defaultStyle: false,     // no vega-embed <style>: the styles are in monitoring.css
    formatLocale: RU_FORMAT_LOCALE,
    timeFormatLocale: RU_TIME_FORMAT_LOCALE
  };

  var STATE_ATTR = "data-chart-state"; // (none: not yet in view) | pending | rendered | error

  /* The chart library (vega, vega-lite, vega-embed: 820 KB) lives beside
     this script, in assets/vendor/; it is requested only when the first
     chart comes near the screen, never on a page without charts. */
  var SELF = document.currentScript && document.currentScript.src;
  var BUNDLE_URL = SELF ? SELF.replace(/javascripts\/charts\.js(?:[?#].*)?$/, "vendor/vega-bundle.min.js") : "";
  var bundle = null;

  function loadBundle() {
    if (typeof window.vegaEmbed === "function") {
      return Promise.resolve();
    }
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = BUNDLE_URL;
        script.async = true;
        script.onload = function () {
          if (typeof window.vegaEmbed === "function") {
            resolve();
          } else {
            reject(new Error("библиотека vega-embed не загружена"));
          }
        };
        script.onerror = function () {
          bundle = null; // the next chart in view tries again
          reject(new Error("библиотека графиков не загрузилась"));
        };
        document.head.appendChild(script);
      });
    }
    return bundle;
  }

  /* Narrow screens (phones; the same breakpoint as the reserved heights in
     monitoring.css): long y axis labels and a horizontal legend at the bottom
     may not fit, and Vega would cut the SVG on the right. The compiled Vega
     spec is patched: left/right axis labels get a width limit and top/bottom
     legends are stacked in a column (the box is taller for that:
     --chart-h-narrow). */
  var NARROW = window.matchMedia ? window.matchMedia("(max-width: 44.984375em)") : null;

  function narrowPatch(width) {
    var labelLimit = Math.max(70, Math.round(width * 0.38));
    var legendLabelLimit = Math.max(100, width - 60);

    function limitAxes(axes) {
      for (var i = 0; i < axes.length; i++) {
        var a = axes[i];
        if ((a.orient === "left" || a.orient === "right") &&
            (typeof a.labelLimit !== "number" || a.labelLimit > labelLimit)) {
          a.labelLimit = labelLimit;
        }
      }
    }

    function stackLegends(legends) {
      for (var i = 0; i < legends.length; i++) {
        var l = legends[i];
        if (l.orient === "bottom" || l.orient === "top") {
          l.direction = "vertical";
        }
      }
    }

    function walk(node) {
      if (!node || typeof node !== "object") {
        return;
      }
      if (Array.isArray(node.axes)) { limitAxes(node.axes); }
      if (Array.isArray(node.legends)) { stackLegends(node.legends); }
      if (Array.isArray(node.marks)) {
        for (var i = 0; i < node.marks.length; i++) { walk(node.marks[i]); }
      }
    }

    return function (vg) {
      var config = vg.config = vg.config || {};
      config.axisLeft = Object.assign({}, config.axisLeft, {labelLimit: labelLimit});
      config.axisRight = Object.assign({}, config.axisRight, {labelLimit: labelLimit});
      config.legend = Object.assign({}, config.legend, {labelLimit: legendLabelLimit});
      walk(vg);
      return vg;
    };
  }

  function optionsFor(el) {
    var width = el.getBoundingClientRect().width;
    if (NARROW && NARROW.matches && width > 0) {
      return Object.assign({}, EMBED_OPTIONS, {patch: narrowPatch(width)});
    }
    return EMBED_OPTIONS;
  }

  /* Colour scheme: Material sets data-md-color-scheme="slate" on <body> for
     the dark theme (its palette toggle, or prefers-color-scheme). The spec
     carries the dark config in usermeta.dark (generator/render/
     chart_templates.py); its background becomes the page's own colour, so
     the chart sits on the page without a box, and a download keeps it. */
  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function merge(into, from) {
    Object.keys(from).forEach(function (key) {
      var v = from[key];
      if (v && typeof v === "object" && !Array.isArray(v) &&
          into[key] && typeof into[key] === "object" && !Array.isArray(into[key])) {
        merge(into[key], v);
      } else {
        into[key] = v;
      }
    });
    return into;
  }

  function pageBackground() {
    var style = window.getComputedStyle(document.body);
    var bg = style.getPropertyValue("--md-default-bg-color").trim() || style.backgroundColor;
    return bg && bg !== "rgba(0, 0, 0, 0)" ? bg : "transparent";
  }

  function themed(spec) {
    var dark = spec.usermeta && spec.usermeta.dark;
    if (isDark() && dark) {
      spec.config = merge(spec.config || {}, dark);
      spec.config.background = pageBackground();
    }
    return spec;
  }

  function showError(el, err) {
    var message = (err && err.message) ? err.message : String(err);
    el.textContent = "";
    var p = document.createElement("p");
    p.className = "vega-chart__error";
    // The data table is under the chart (details.chart-data) or elsewhere
    // on the page (data-table: the ranking table above a year's chart).
    var below = el.parentNode && el.parentNode.querySelector("details.chart-data");
    var where = below ? " Данные графика — в таблице под ним." :
      (el.hasAttribute("data-table") ? " Данные графика — в таблице на этой странице." : "");
    // With role="img" on the block its content is hidden from screen
    // readers: drop the role so that the error message can be read.
    el.removeAttribute("role");
    el.removeAttribute("aria-label");
    p.textContent = "График не удалось построить: " + message + "." + where;
    el.appendChild(p);
    el.setAttribute(STATE_ATTR, "error");
    if (window.console && console.error) {
      console.error("charts.js: chart not drawn", el, err);
    }
  }

  function labelSvg(el) {
    var svg = el.querySelector("svg");
    if (!svg) {
      return;
    }
    var alt = el.getAttribute("data-alt") || el.getAttribute("aria-label");
    // The text alternative moves from the block (where it serves pages
    // without JS) to the SVG itself, so there are no nested images.
    el.removeAttribute("role");
    el.removeAttribute("aria-label");
    svg.setAttribute("role", "img");
    svg.removeAttribute("aria-roledescription");
    if (alt) {
      svg.setAttribute("aria-label", alt);
    }
    svg.setAttribute("focusable", "false");
  }

  function downloadButtons(el, enabled) {
    var figure = el.closest("figure");
    var buttons = figure ? figure.querySelectorAll("button[data-chart-download]") : [];
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = !enabled;
    }
  }

  function renderChart(el) {
    if (el.getAttribute(STATE_ATTR) === "rendered" || el.getAttribute(STATE_ATTR) === "error" || el.vegaBusy) {
      return; // already drawn or being drawn (guards against a second call)
    }
    el.vegaBusy = true;
    el.setAttribute(STATE_ATTR, "pending");

    var spec;
    try {
      spec = JSON.parse(el.getAttribute("data-spec"));
    } catch (e) {
      el.vegaBusy = false;
      showError(el, new Error("некорректная спецификация графика (" + e.message + ")"));
      return;
    }
    // The chart fills the box the page reserved for it (autosize "fit"):
    // drawing it moves nothing on the page.
    var height = Math.round(el.clientHeight);
    if (height > 0) {
      spec.height = height;
    }
    themed(spec);

    var promise;
    try {
      promise = window.vegaEmbed(el, spec, optionsFor(el));
    } catch (e) {
      el.vegaBusy = false;
      showError(el, e);
      return;
    }

    Promise.resolve(promise).then(function (result) {
      el.vegaBusy = false;
      el.vegaView = result && result.view;
      labelSvg(el);
      el.setAttribute(STATE_ATTR, "rendered");
      downloadButtons(el, true);
      // Vega may redraw the SVG when the container is resized: label it
      // again.
      if (el.vegaView && typeof el.vegaView.addResizeListener === "function") {
        el.vegaView.addResizeListener(function () {
          window.setTimeout(function () { labelSvg(el); }, 0);
        });
      }
    }).catch(function (err) {
      el.vegaBusy = false;
      showError(el, err);
    });
  }

  function draw(els) {
    for (var i = 0; i < els.length; i++) {
      if (!els[i].hasAttribute(STATE_ATTR)) {
        els[i].setAttribute(STATE_ATTR, "pending");
      }
    }
    loadBundle().then(function () {
      for (var j = 0; j < els.length; j++) { renderChart(els[j]); }
    }, function (err) {
      for (var j = 0; j < els.length; j++) { showError(els[j], err); }
    });
  }

  /* Redraw every drawn chart in the other colour scheme. */
  function redraw() {
    var charts = document.querySelectorAll("div.vega-chart[" + STATE_ATTR + "=rendered]");
    for (var i = 0; i < charts.length; i++) {
      var el = charts[i];
      if (el.vegaView) {
        el.vegaView.finalize();
        el.vegaView = null;
      }
      el.textContent = "";
      downloadButtons(el, false);
      el.setAttribute(STATE_ATTR, "pending");
      renderChart(el);
    }
  }

  /* A download of the chart as drawn, made in the browser by Vega (no
     request anywhere): PNG at twice the size, or SVG. */
  function download(button) {
    var figure = button.closest("figure");
    var el = figure && figure.querySelector("div.vega-chart");
    var view = el && el.vegaView;
    if (!view) {
      return;
    }
    var format = button.getAttribute("data-chart-download") === "svg" ? "svg" : "png";
    view.toImageURL(format, format === "png" ? 2 : 1).then(function (url) {
      var a = document.createElement("a");
      a.href = url;
      a.download = (el.getAttribute("data-file") || "chart") + "." + format;
      document.body.appendChild(a);
      a.click();
      a.remove();
      if (url.indexOf("blob:") === 0) {
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      }
    }).catch(function (err) {
      if (window.console && console.error) {
        console.error("charts.js: chart not exported", err);
      }
    });
  }

  /* Wide tables: the .table-wrap wrapper scrolls horizontally. So that it
     can be scrolled with the keyboard (WCAG 2.1.1, axe
     scrollable-region-focusable), an overflowing wrapper without focusable
     content gets tabindex="0", the role region and a name. Better still, the
     generator writes these attributes itself; then nothing changes here. */
  function tableName(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var details = wrap.closest ? wrap.closest("details") : null;
    if (details) {
      var summary = details.querySelector("summary");
      var figure = details.closest("figure");
      var figcaption = figure ? figure.querySelector("figcaption") : null;
      var parts = [];
      if (summary && summary.textContent.trim()) { parts.push(summary.textContent.trim()); }
      if (figcaption && figcaption.textContent.trim()) { parts.push(figcaption.textContent.trim()); }
      if (parts.length) { return parts.join(": "); }
    }
    var node = wrap.previousElementSibling;
    for (var i = 0; node && i < 10; i++, node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) {
        return "Таблица: " + node.textContent.replace(/\s*¶\s*$/, "").trim();
      }
      // A paragraph used as a subheading: <p><strong>Рост итогового балла</strong></p>
      if (node.tagName === "P" && node.children.length === 1 &&
          /^(STRONG|B)$/.test(node.children[0].tagName) &&
          node.textContent.trim() === node.children[0].textContent.trim()) {
        return "Таблица: " + node.textContent.trim();
      }
    }
    return "Таблица";
  }

  function uniqueName(name, used) {
    var result = name;
    for (var n = 2; used[result]; n++) {
      result = name + " (" + n + ")";
    }
    used[result] = true;
    return result;
  }

  /* Reads every wrapper's widths first and only then writes: one layout,
     however many tables the page has. */
  function markScrollableTables() {
    var wraps = Array.prototype.slice.call(document.querySelectorAll(".table-wrap"));
    var used = {};
    var named = document.querySelectorAll("[role=region][aria-label]");
    for (var k = 0; k < named.length; k++) {
      if (!named[k].hasAttribute("data-scroll-label")) {
        used[named[k].getAttribute("aria-label")] = true;
      }
    }
    wraps = wraps.filter(function (wrap) {
      return !(wrap.hasAttribute("tabindex") && !wrap.hasAttribute("data-scroll-auto")); // the generator wrote them
    });
    var overflowing = wraps.map(function (wrap) { return wrap.scrollWidth > wrap.clientWidth + 1; });
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (overflowing[i] && !wrap.hasAttribute("data-scroll-auto")) {
        wrap.setAttribute("tabindex", "0");
        if (!wrap.hasAttribute("role")) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("data-scroll-role", "");
        }
        if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
          wrap.setAttribute("aria-label", uniqueName(tableName(wrap), used));
          wrap.setAttribute("data-scroll-label", "");
        }
        wrap.setAttribute("data-scroll-auto", "");
      } else if (overflowing[i] && wrap.hasAttribute("data-scroll-label")) {
        used[wrap.getAttribute("aria-label")] = true;
      } else if (!overflowing[i] && wrap.hasAttribute("data-scroll-auto")) {
        wrap.removeAttribute("tabindex");
        if (wrap.hasAttribute("data-scroll-role")) {
          wrap.removeAttribute("role");
          wrap.removeAttribute("data-scroll-role");
        }
        if (wrap.hasAttribute("data-scroll-label")) {
          wrap.removeAttribute("aria-label");
          wrap.removeAttribute("data-scroll-label");
        }
        wrap.removeAttribute("data-scroll-auto");
      }
    }
  }

  /* When to look again: a ResizeObserver reports the wrappers' sizes after
     the browser has laid the page out (so reading the widths forces no
     extra layout), at first, when the window changes and when a <details>
     around a table opens; all the reports of a frame come in one call.
     Without ResizeObserver: on resize and toggle, once a frame. */
  var markPending = false;

  function scheduleMark() {
    if (markPending) {
      return;
    }
    markPending = true;
    window.requestAnimationFrame(function () {
      markPending = false;
      markScrollableTables();
    });
  }

  var wrapObserver = "ResizeObserver" in window ? new ResizeObserver(function () { markScrollableTables(); }) : null;

  function watchTables() {
    var wraps = document.querySelectorAll(".table-wrap");
    if (!wrapObserver) {
      scheduleMark();
      return;
    }
    for (var i = 0; i < wraps.length; i++) {
      wrapObserver.observe(wraps[i]);
    }
  }

  if (!wrapObserver) {
    window.addEventListener("resize", scheduleMark);
    // A table in an opened <details> may be wider than the column (toggle
    // does not bubble, hence the capture).
    document.addEventListener("toggle", scheduleMark, true);
  }

  var observer = null;

  function setup() {
    var charts = document.querySelectorAll("div.vega-chart[data-spec]");
    if (charts.length && "IntersectionObserver" in window) {
      observer = observer || new IntersectionObserver(function (entries) {
        var near = [];
        for (var i = 0; i < entries.length; i++) {
          if (entries[i].isIntersecting) {
            observer.unobserve(entries[i].target);
            near.push(entries[i].target);
          }
        }
        if (near.length) { draw(near); }
      }, {rootMargin: "300px 0px"}); // drawn a little before they show
      for (var i = 0; i < charts.length; i++) {
        if (!charts[i].hasAttribute(STATE_ATTR)) { observer.observe(charts[i]); }
      }
    } else if (charts.length) {
      draw(charts);
    }
    watchTables();
  }

  // Printing: every chart is drawn (those drawn by then are printed; the
  // others print as their data tables, monitoring.css).
  window.addEventListener("beforeprint", function () {
    var waiting = document.querySelectorAll("div.vega-chart[data-spec]:not([" + STATE_ATTR + "])");
    if (waiting.length) { draw(waiting); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-chart-download]") : null;
    if (button) { download(button); }
  });

  new MutationObserver(redraw).observe(document.body, {attributes: true, attributeFilter: ["data-md-color-scheme"]});

  // Material for MkDocs: document$ emits on every page load (and at once on
  // subscription). Without navigation.instant that is a single load, but
  // subscribing keeps the script working should it be enabled.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setup(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
