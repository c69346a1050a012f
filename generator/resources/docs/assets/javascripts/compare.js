/*
 * The comparison page (compare/): up to four organizations of one kind side
 * by side. The state lives in the address, ?kind=general&orgs=sch-01,sch-03,
 * so that a link sent to someone opens the same comparison. The figures come
 * from downloads/compare/<kind>.json, computed and formatted by the generator
 * (generator/render/pages/compare.py); this script fetches the file of the
 * chosen kind from the site itself, once, and only places its strings (as
 * text, never as HTML). Names are found with the matcher of filter.js
 * (window.monitoringFind): «школа 3», «сош 3», «ромашке».
 */
// Deferred like filter.js, but earlier in the page: wait until every deferred
// script has run (DOMContentLoaded), so that window.monitoringFind exists.
function monitoringCompare() {
  "use strict";

  var root = document.querySelector("[data-compare]");
  if (!root || !window.monitoringFind) return;
  var find = window.monitoringFind;
  var MAX = parseInt(root.getAttribute("data-max"), 10) || 4;
  var SHOWN_OPTIONS = 8;
  var kindSelect = root.querySelector("#compare-kind");
  var query = root.querySelector("#compare-query");
  var options = root.querySelector(".compare__options");
  var status = root.querySelector(".compare__status");
  var picked = root.querySelector(".compare__picked");
  var result = root.querySelector(".compare__result");
  var share = root.querySelector(".compare__share");
  var shareLink = root.querySelector(".compare__link");
  var cache = {};
  var state = {kind: kindSelect.value, orgs: [], data: null};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function load(kind) {
    if (cache[kind]) return cache[kind];
    var option = kindSelect.querySelector('option[value="' + kind + '"]');
    if (!option) return Promise.reject(new Error("unknown kind"));
    cache[kind] = fetch(option.getAttribute("data-src")).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + r.statusText);
      return r.json();
    });
    return cache[kind];
  }

  function byId(id) {
    var orgs = state.data ? state.data.orgs : [];
    for (var i = 0; i < orgs.length; i++) if (orgs[i].id === id) return orgs[i];
    return null;
  }

  function writeUrl() {
    // Commas stay commas: the address reads «?kind=general&orgs=sch-01,sch-03».
    var url = window.location.pathname + "?kind=" + encodeURIComponent(state.kind) +
      (state.orgs.length ? "&orgs=" + state.orgs.map(encodeURIComponent).join(",") : "");
    window.history.replaceState(null, "", url);
    shareLink.setAttribute("href", url);
    shareLink.textContent = window.location.href;
    share.hidden = state.orgs.length === 0;
  }

  function nameNode(o) {
    var a = el("a", {href: o.href});
    if (o.short) {
      a.appendChild(el("span", {"class": "name-full"}, o.name));
      a.appendChild(el("span", {"class": "name-short"}, o.short));
    } else {
      a.textContent = o.name;
    }
    return a;
  }

  function levelNode(index) {
    var lv = state.data.levels[index];
    if (!lv) return null;
    return el("span", {"class": "level level--" + lv.css}, lv.label);
  }

  function cell(tr, value) {
    var td = el("td", {"class": "num"});
    td.appendChild(document.createTextNode(value[0]));
    var lv = levelNode(value[1]);
    if (lv) {
      td.appendChild(el("br"));
      td.appendChild(lv);
    }
    tr.appendChild(td);
  }

  function row(body, label, values, depth) {
    var tr = el("tr");
    var th = el("th", {scope: "row"}, label);
    if (depth) th.className = "depth-" + depth;
    tr.appendChild(th);
    values.forEach(function (v) { cell(tr, v); });
    body.appendChild(tr);
  }

  function section(body, label, n) {
    var tr = el("tr", {"class": "compare__section"});
    tr.appendChild(el("th", {scope: "colgroup", colspan: String(n + 1)}, label));
    body.appendChild(tr);
  }

  function renderTable() {
    result.textContent = "";
    var orgs = state.orgs.map(byId).filter(Boolean);
    if (!orgs.length) return;
    var d = state.data;
    var wrap = el("div", {"class": "table-wrap"});
    var table = el("table", {"class": "compare-table"});
    table.appendChild(el("caption", {}, "Сравнение: " + d.label.toLowerCase()));
    var head = el("thead");
    var hr = el("tr");
    hr.appendChild(el("th", {scope: "col"}, "Показатель"));
    orgs.forEach(function (o) {
      var th = el("th", {scope: "col"});
      th.appendChild(nameNode(o));
      hr.appendChild(th);
    });
    head.appendChild(hr);
    table.appendChild(head);
    var body = el("tbody");
    row(body, "Итоговый балл (последний год)", orgs.map(function (o) { return o.total; }));
    var tr = el("tr");
    tr.appendChild(el("th", {scope: "row"}, "Место среди организаций типа"));
    orgs.forEach(function (o) { tr.appendChild(el("td", {"class": "num"}, o.rank)); });
    body.appendChild(tr);
    tr = el("tr");
    tr.appendChild(el("th", {scope: "row"}, "Год результатов"));
    orgs.forEach(function (o) { tr.appendChild(el("td", {"class": "num"}, String(o.year))); });
    body.appendChild(tr);
    section(body, "Баллы по направлениям", orgs.length);
    d.directions.forEach(function (dir, i) {
      var values = orgs.map(function (o) { return o.directions[i]; });
      if (values.every(function (v) { return v[0] === "—"; })) return;
      row(body, dir.name, values, dir.depth);
    });
    section(body, "Итоговый балл по годам", orgs.length);
    d.years.forEach(function (y, i) {
      var values = orgs.map(function (o) { return o.history[i]; });
      if (values.every(function (v) { return v[0] === "—"; })) return;
      row(body, String(y), values);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    result.appendChild(wrap);
  }

  function renderPicked() {
    picked.textContent = "";
    state.orgs.map(byId).filter(Boolean).forEach(function (o) {
      var chip = el("span", {"class": "compare__chip"});
      chip.appendChild(el("span", {}, o.short || o.name));
      var remove = el("button", {type: "button", "class": "compare__remove", "aria-label": "Убрать: " + o.name}, "×");
      remove.addEventListener("click", function () {
        state.orgs = state.orgs.filter(function (id) { return id !== o.id; });
        update();
        query.focus();
      });
      chip.appendChild(remove);
      picked.appendChild(chip);
    });
  }

  function renderOptions() {
    options.textContent = "";
    var full = state.orgs.length >= MAX;
    query.disabled = full;
    if (full) {
      status.textContent = "Выбрано " + MAX + " организации — больше сравнить нельзя. Уберите одну, чтобы добавить другую.";
      return;
    }
    var parsed = find.parse(query.value);
    if (!parsed.length) {
      status.textContent = state.orgs.length ? "" : "Начните вводить название, номер или сокращение.";
      return;
    }
    var found = state.data.orgs.filter(function (o) {
      return state.orgs.indexOf(o.id) === -1 && find.matches(o.keys, parsed);
    });
    found.slice(0, SHOWN_OPTIONS).forEach(function (o) {
      var li = el("li");
      var b = el("button", {type: "button", "class": "compare__add", "data-id": o.id}, o.name);
      b.addEventListener("click", function () {
        state.orgs.push(o.id);
        query.value = "";
        update();
        query.focus();
      });
      li.appendChild(b);
      options.appendChild(li);
    });
    status.textContent = found.length ? (found.length > SHOWN_OPTIONS ?
      "Найдено: " + found.length + ", показаны первые " + SHOWN_OPTIONS + "; уточните запрос." :
      "Найдено: " + found.length + ".") : "Ничего не найдено.";
  }

  function update() {
    renderPicked();
    renderOptions();
    renderTable();
    writeUrl();
  }

  function selectKind(kind, orgs) {
    state.kind = kind;
    kindSelect.value = kind;
    status.textContent = "Загрузка…";
    return load(kind).then(function (data) {
      state.data = data;
      var known = {};
      data.orgs.forEach(function (o) { known[o.id] = true; });
      state.orgs = (orgs || []).filter(function (id, i, all) { return known[id] && all.indexOf(id) === i; })
        .slice(0, MAX);
      update();
    }).catch(function (err) {
      status.textContent = "Данные для сравнения не удалось загрузить: " + err.message + ".";
    });
  }

  kindSelect.addEventListener("change", function () { selectKind(kindSelect.value, []); });
  query.addEventListener("input", renderOptions);

  var params = new URLSearchParams(window.location.search);
  var kind = params.get("kind");
  if (!kind || !kindSelect.querySelector('option[value="' + kind.replace(/["\\]/g, "") + '"]')) kind = kindSelect.value;
  selectKind(kind, (params.get("orgs") || "").split(",").filter(Boolean));
}
if (window.monitoringFind) monitoringCompare();
else document.addEventListener("DOMContentLoaded", monitoringCompare);
