// "Would my score have been invited?" Progressive enhancement: without this script the section
// stays hidden and the page shows everything else. With it, a whole-number score from 0 to 1200
// is compared with every category's draws (or one category's: data-category), and the draws in
// this page's tables that it would have cleared are marked.
(function () {
  var box = document.querySelector("[data-score-check]");
  if (!box || !window.fetch) return;
  var say = JSON.parse(box.querySelector(".messages").textContent);
  var input = box.querySelector("input");
  var result = box.querySelector(".score-result");
  var lang = document.documentElement.lang;
  var longFormat = new Intl.DateTimeFormat(lang + "-CA", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  var groups = [], byRound = {};

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function long(iso) {  // French writes the first of a month "1er", as the pages do
    var text = longFormat.format(new Date(iso));
    return lang === "fr" && iso.slice(8, 10) === "01" ? text.replace(/^1 /, "1er ") : text;
  }

  function load(index) {
    var only = box.dataset.category;
    index.categories.forEach(function (c, i) {
      if (!only || c[0] === only) groups.push({ slug: c[0], name: c[lang === "fr" ? 4 : 2], draws: [], slot: i });
    });
    index.rows.forEach(function (r) {
      byRound[r[0]] = r[4];
      groups.forEach(function (g) { if (g.slot === r[2]) g.draws.push(r); });
    });
    // Newest draw first, and the categories whose last draw is most recent first.
    groups = groups.filter(function (g) { return g.draws.length; });
    groups.forEach(function (g) { g.draws.reverse(); });
    groups.sort(function (a, b) { return a.draws[0][1] < b.draws[0][1] ? 1 : -1; });
    box.hidden = false;
    update();
  }

  function line(score, g) {
    var cleared = g.draws.filter(function (r) { return score >= r[4]; });
    var ties = g.draws.filter(function (r) { return score === r[4]; }).length;
    var lowest = g.draws.reduce(function (a, r) { return r[4] < a[4] ? r : a; });
    var shown = cleared.length ? cleared[0] : lowest;
    var text = fill(cleared.length ? say.cleared : say.never, { score: score, count: cleared.length,
      total: g.draws.length, name: g.name, round: fill(say.round, { round: shown[0] }), date: long(shown[1]),
      crs: shown[4] });
    return ties ? text + " " + fill(say.tie, { score: score, ties: ties }) : text;
  }

  function mark(score) {
    document.querySelectorAll("tr[data-draw]").forEach(function (row) {
      var crs = byRound[row.dataset.draw];
      var known = crs !== undefined && score !== null;
      row.classList.toggle("cleared", known && score >= crs);
      row.classList.toggle("missed", known && score < crs);
    });
  }

  function update() {
    var text = input.value.trim();
    var score = /^\d{1,4}$/.test(text) && +text <= 1200 ? +text : null;
    result.replaceChildren();
    mark(score);
    if (score === null) {
      if (text || input.validity.badInput) result.append(Object.assign(document.createElement("p"), { textContent: say.invalid }));
      return;
    }
    var list = document.createElement("ul");
    groups.forEach(function (g) { list.append(Object.assign(document.createElement("li"), { textContent: line(score, g) })); });
    result.append(list);
  }

  box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); update(); });
  input.addEventListener("input", update);
  document.addEventListener("draws:rendered", function () { update(); });
  fetch(box.dataset.index).then(function (answer) { return answer.json(); }).then(load);
})();
