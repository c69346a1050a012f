/*
 * Построение графиков Vega-Lite на страницах сайта мониторинга.
 *
 * Генератор пишет в страницу:
 *   <div class="vega-chart" data-spec="{…спецификация Vega-Lite, экранированная как HTML-атрибут…}"
 *        data-alt="Текстовое описание графика"></div>
 *   <details class="chart-data">…таблица с данными графика…</details>
 *
 * Скрипт находит все div.vega-chart[data-spec], разбирает JSON и вызывает
 * vegaEmbed (библиотеки лежат в assets/vendor/, внешних запросов нет).
 * После отрисовки у <svg> ставятся role="img" и aria-label из data-alt.
 * При ошибке в блок выводится видимое сообщение на русском языке.
 * На узких экранах (< 600 px) подписи оси Y и легенды ужимаются, чтобы
 * график не обрезался. Переполненным обёрткам .table-wrap без tabindex
 * даются tabindex="0", role="region" и имя — для прокрутки с клавиатуры.
 */
(function () {
  "use strict";

  /* Русская локаль чисел (d3-format): десятичная запятая, разряды — неразрывный пробел. */
  var RU_FORMAT_LOCALE = {
    decimal: ",",
    thousands: "\u00a0",
    grouping: [3],
    currency: ["", "\u00a0\u20bd"],
    minus: "\u2212",
    percent: "%"
  };

  /* Русская локаль дат (d3-time-format). */
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
    actions: false,          // без меню «Open in Vega Editor» и т. п. (ссылок на внешние сайты)
    renderer: "svg",
    defaultStyle: false,     // не вставлять <style> vega-embed: оформление — в monitoring.css
    formatLocale: RU_FORMAT_LOCALE,
    timeFormatLocale: RU_TIME_FORMAT_LOCALE
  };

  var STATE_ATTR = "data-chart-state"; // pending | rendered | error

  /* Узкие экраны (телефон): графики с width: "container" получают ширину
     колонки, но длинные подписи оси Y и горизонтальная легенда снизу могут
     не поместиться, и Vega обрежет SVG справа. Для узкого блока правим уже
     скомпилированную спецификацию Vega: ограничиваем ширину подписей слева/справа
     и выстраиваем легенды сверху/снизу в столбец. */
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
    var hasTable = el.hasAttribute("data-table") ||
      (el.parentNode && el.parentNode.querySelector("details.chart-data"));
    // Если у блока role="img", его содержимое скрыто от программ чтения
    // с экрана — снимаем роль, чтобы сообщение об ошибке было доступно.
    el.removeAttribute("role");
    el.removeAttribute("aria-label");
    p.textContent = "График не удалось построить: " + message +
      (hasTable ? ". Данные графика приведены в таблице ниже." : ".");
    el.appendChild(p);
    el.setAttribute(STATE_ATTR, "error");
    if (window.console && console.error) {
      console.error("charts.js: график не построен", el, err);
    }
  }

  function labelSvg(el) {
    var svg = el.querySelector("svg");
    if (!svg) {
      return;
    }
    var alt = el.getAttribute("data-alt") || el.getAttribute("aria-label");
    // Текстовая альтернатива переезжает с блока (она там для случая без JS)
    // на сам SVG, чтобы не было двух вложенных изображений.
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
      return; // уже построен или строится (защита от двойного вызова)
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
      // Vega может перерисовать SVG при изменении размера контейнера —
      // подписи доступности ставим заново.
      if (result && result.view && typeof result.view.addResizeListener === "function") {
        result.view.addResizeListener(function () {
          window.setTimeout(function () { labelSvg(el); }, 0);
        });
      }
    }).catch(function (err) {
      showError(el, err);
    });
  }

  /* Широкие таблицы: обёртка .table-wrap прокручивается по горизонтали.
     Чтобы прокрутку можно было сделать с клавиатуры (WCAG 2.1.1, axe
     scrollable-region-focusable), переполненной обёртке без фокусируемого
     содержимого даём tabindex="0", роль region и имя. Лучше, если генератор
     пишет эти атрибуты сам; тогда здесь ничего не меняется. */
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
      // Подзаголовок абзацем: <p><strong>Рост итогового балла</strong></p>
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
        continue; // атрибуты поставлены генератором
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
  // Таблица в раскрытом <details> может оказаться шире колонки
  // (событие toggle не всплывает, поэтому перехват).
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

  // Material for MkDocs: document$ испускает событие при каждой загрузке страницы
  // (и сразу при подписке). Без navigation.instant это одна загрузка,
  // но подписка делает скрипт устойчивым к его включению.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { renderAll(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
