// "Would my score have been invited?" Progressive enhancement: without this script the section
// stays hidden and the page shows everything else. With it, a whole-number score from 0 to 1200
// is compared with every category's draws (or one category's: data-category), and the draws in
// this page's tables that it would have cleared are marked.
(function () {
  var box = document.querySelector("[data-score-check]");
  if (!box || !window.drawIndex) return;
  var say = JSON.parse(box.querySelector(".messages").textContent);
  var input = box.querySelector("input");
  var result = box.querySelector(".score-result");
  var lang = document.documentElement.lang, locale = document.documentElement.dataset.locale;
  var first = document.documentElement.dataset.firstOfMonth;  // "1er" in French, as the pages write it
  var longFormat = new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  var groups = [], byRound = {};

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function long(iso) {
    var text = longFormat.format(new Date(iso));
    return first && iso.slice(8, 10) === "01" ? text.replace("1", first) : text;
  }

  function load(index) {
    var only = box.dataset.category;
    index.categories.forEach(function (c, i) {
      if (!only || c.slug === only) groups.push({ slug: c.slug, name: c.short_name[lang], draws: [], slot: i });
    });
    index.draws.forEach(function (r) {
      byRound[r.round] = r.crs;
      groups.forEach(function (g) { if (g.slot === r.category) g.draws.push(r); });
    });
    // Newest draw first, and the categories whose last draw is most recent first.
    groups = groups.filter(function (g) { return g.draws.length; });
    groups.forEach(function (g) { g.draws.reverse(); });
    groups.sort(function (a, b) { return a.draws[0].date < b.draws[0].date ? 1 : -1; });
    box.hidden = false;
    update();
  }

  function line(score, g) {
    var cleared = g.draws.filter(function (r) { return score >= r.crs; });
    var ties = g.draws.filter(function (r) { return score === r.crs; }).length;
    var lowest = g.draws.reduce(function (a, r) { return r.crs < a.crs ? r : a; });
    var shown = cleared.length ? cleared[0] : lowest;
    var text = fill(cleared.length ? say.cleared : say.never, { score: score, count: cleared.length,
      total: g.draws.length, name: g.name, round: fill(say.round, { round: shown.round }), date: long(shown.date),
      crs: shown.crs });
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
  window.drawIndex(box.dataset.index).then(load);
})();
