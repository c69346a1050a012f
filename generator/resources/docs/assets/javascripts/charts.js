/*
 * Draws the Vega-Lite charts of the monitoring site's pages.
 *
 * The generator writes into the page:
 *   <div class="vega-chart" data-spec="{…Vega-Lite spec, escaped as an HTML attribute…}"
 *        data-alt="Text description of the chart"></div>
 *   <details class="chart-data">…the chart's data table…</details>
 *
 * The script finds every div.vega-chart[data-spec], parses the JSON and calls
 * vegaEmbed (the libraries are in assets/vendor/; no request to another host).
 * Once drawn, the <svg> gets role="img" and an aria-label from data-alt.
 * On an error the block shows a visible message in Russian.
 * On narrow screens (< 600 px) y axis labels and legends are made narrower so
 * that the chart is not cut off (charts of categories with long names write
 * them above the bars in the spec itself: generator/render/charts.py).
 * Overflowing .table-wrap wrappers without a tabindex get tabindex="0",
 * role="region" and a name, so that they can be scrolled with the keyboard.
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

  var STATE_ATTR = "data-chart-state"; // pending | rendered | error

  /* Narrow screens (phones): charts with width: "container" get the column's
     width, but long y axis labels and a horizontal legend at the bottom may
     not fit, and Vega would cut the SVG on the right. For a narrow block the
     compiled Vega spec is patched: left/right axis labels get a width limit
     and top/bottom legends are stacked in a column. */
  var NARROW_WIDTH = 600;

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
    if (width > 0 && width < NARROW_WIDTH) {
      return Object.assign({}, EMBED_OPTIONS, {patch: narrowPatch(width)});
    }
    return EMBED_OPTIONS;
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

  function renderChart(el) {
    if (el.hasAttribute(STATE_ATTR)) {
      return; // already drawn or being drawn (guards against a second call)
    }
    el.setAttribute(STATE_ATTR, "pending");

    if (typeof window.vegaEmbed !== "function") {
      showError(el, new Error("библиотека vega-embed не загружена"));
      return;
    }

    var spec;
    try {
      spec = JSON.parse(el.getAttribute("data-spec"));
    } catch (e) {
      showError(el, new Error("некорректная спецификация графика (" + e.message + ")"));
      return;
    }

    var promise;
    try {
      promise = window.vegaEmbed(el, spec, optionsFor(el));
    } catch (e) {
      showError(el, e);
      return;
    }

    Promise.resolve(promise).then(function (result) {
      labelSvg(el);
      el.setAttribute(STATE_ATTR, "rendered");
      // Vega may redraw the SVG when the container is resized: label it
      // again.
      if (result && result.view && typeof result.view.addResizeListener === "function") {
        result.view.addResizeListener(function () {
          window.setTimeout(function () { labelSvg(el); }, 0);
        });
      }
    }).catch(function (err) {
      showError(el, err);
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

  function markScrollableTables() {
    var wraps = document.querySelectorAll(".table-wrap");
    var used = {};
    var named = document.querySelectorAll("[role=region][aria-label]");
    for (var k = 0; k < named.length; k++) {
      if (!named[k].hasAttribute("data-scroll-label")) {
        used[named[k].getAttribute("aria-label")] = true;
      }
    }
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.hasAttribute("tabindex") && !wrap.hasAttribute("data-scroll-auto")) {
        continue; // the generator wrote the attributes
      }
      var overflowing = wrap.scrollWidth > wrap.clientWidth + 1;
      if (overflowing && !wrap.hasAttribute("data-scroll-auto")) {
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
      } else if (overflowing && wrap.hasAttribute("data-scroll-label")) {
        used[wrap.getAttribute("aria-label")] = true;
      } else if (!overflowing && wrap.hasAttribute("data-scroll-auto")) {
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

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(markScrollableTables, 200);
  });
  // A table in an opened <details> may be wider than the column (toggle
  // does not bubble, hence the capture).
  document.addEventListener("toggle", function () {
    markScrollableTables();
  }, true);

  function renderAll() {
    var charts = document.querySelectorAll("div.vega-chart[data-spec]");
    for (var i = 0; i < charts.length; i++) {
      renderChart(charts[i]);
    }
    markScrollableTables();
  }

  // Material for MkDocs: document$ emits on every page load (and at once on
  // subscription). Without navigation.instant that is a single load, but
  // subscribing keeps the script working should it be enabled.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { renderAll(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
