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

  function showError(el, err) {
    var message = (err && err.message) ? err.message : String(err);
    el.textContent = "";
    var p = document.createElement("p");
    p.className = "vega-chart__error";
    var hasTable = el.parentNode && el.parentNode.querySelector("details.chart-data");
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
    var alt = el.getAttribute("data-alt");
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
      promise = window.vegaEmbed(el, spec, EMBED_OPTIONS);
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

  function renderAll() {
    var charts = document.querySelectorAll("div.vega-chart[data-spec]");
    for (var i = 0; i < charts.length; i++) {
      renderChart(charts[i]);
    }
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
