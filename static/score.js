// "Would my score have been invited?" Progressive enhancement: without this script the section
// stays hidden and the page shows everything else. With it, a whole-number score from 0 to 1200 is
// compared first with the last 12 months of cut-offs (up to the latest draw, so the answer doesn't
// age with the clock) of the chosen program or category, or of each one (data-category fixes it on a
// category's page); every draw since the first is a click away, and the rows of this page's tables the
// score would have cleared are marked. The score and the choice live in the address
// (?score=478&category=cec). Every word comes from the page (the catalog); a count takes the form the
// page's locale gives it in CLDR (Intl.PluralRules).
(function () {
  var box = document.querySelector("[data-score-check]");
  if (!box || !window.drawIndex || !window.URLSearchParams || !window.Intl || !Intl.PluralRules) return;
  var say = JSON.parse(box.querySelector(".messages").textContent);
  var input = box.querySelector("input[name='score']");
  var choice = box.querySelector("select[name='category']");  // none on a category's page
  var result = box.querySelector(".score-result"), caveat = box.querySelector(".score-caveat");
  var earlier = box.querySelector(".score-history");
  var lang = document.documentElement.lang, locale = document.documentElement.dataset.locale;
  var first = document.documentElement.dataset.firstOfMonth;  // "1er" in French, as the pages write it
  var longFormat = new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  var plurals = new Intl.PluralRules(locale), number = new Intl.NumberFormat(locale);
  var groups = [], bySlug = {}, byRound = {}, latest = "", since = "";

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // A message marked NP_ in the template comes as its forms by CLDR category: {"one": …, "other": …}.
  function counted(key, count, values) {
    var forms = say[key];
    values.count = number.format(count);
    return fill(forms[plurals.select(count)] || forms.other, values);
  }

  function long(iso) {
    var text = longFormat.format(new Date(iso));
    return first && iso.slice(8, 10) === "01" ? text.replace("1", first) : text;
  }

  function yearBefore(iso) {
    var day = new Date(iso);
    day.setUTCFullYear(day.getUTCFullYear() - 1);
    return day.toISOString().slice(0, 10);
  }

  function load(index) {
    var only = box.dataset.category;
    index.categories.forEach(function (c, i) {
      if (!only || c.slug === only) groups.push({ slug: c.slug, name: c.short_name[lang], full: c.name[lang], draws: [], slot: i });
    });
    index.draws.forEach(function (r) {
      byRound[r.round] = { crs: r.crs, slug: index.categories[r.category].slug };
      if (r.date > latest) latest = r.date;
      groups.forEach(function (g) { if (g.slot === r.category) g.draws.push(r); });
    });
    since = yearBefore(latest);
    groups = groups.filter(function (g) { return g.draws.length; });
    groups.forEach(function (g) {
      bySlug[g.slug] = g;
      g.draws.reverse();  // newest first
      g.recent = g.draws.filter(function (r) { return r.date > since; });
      if (choice) choice.append(new Option(g.full, g.slug));
    });
    // The categories whose last draw is the most recent first.
    groups.sort(function (a, b) { return a.draws[0].date < b.draws[0].date ? 1 : -1; });
    restore();
    box.hidden = false;
    document.querySelectorAll("[data-score-jump]").forEach(function (jump) { jump.hidden = false; });
    update();
  }

  // "CEC: 507 to 533 in 22 draws, 29 to 55 points short."
  function recent(score, g) {
    var crs = g.recent.map(function (r) { return r.crs; });
    var low = Math.min.apply(null, crs), high = Math.max.apply(null, crs);
    var cleared = crs.filter(function (c) { return score >= c; }).length;
    var ties = crs.filter(function (c) { return score === c; }).length;
    var verdict = cleared === crs.length ? counted("all", crs.length, {})
      : cleared ? counted("some", cleared, {})
      : low === high ? counted("short", low - score, {}) : counted("short_range", high - score, { near: low - score });
    var text = fill(say.line, { name: g.name, range: low === high ? low : fill(say.range, { low: low, high: high }),
      draws: counted("draws", crs.length, {}), verdict: verdict });
    return ties ? text + " " + fill(say.tie, { score: score, ties: number.format(ties) }) : text;
  }

  // What a candidate asks first: "CEC: latest cut-off 518 (#446, September 29, 2026), 40 points short."
  function latestLine(score, g) {
    var last = g.draws[0];
    var verdict = score >= last.crs ? say.latest_cleared : counted("short", last.crs - score, {});
    return fill(say.latest, { name: g.name, crs: last.crs, round: fill(say.round, { round: last.round }),
      date: long(last.date), verdict: verdict });
  }

  // Where the 12 months' cut-offs went: "Down 15 points since October 2, 2025."
  function trend(g) {
    if (g.recent.length < 2) return "";
    var oldest = g.recent[g.recent.length - 1], change = g.draws[0].crs - oldest.crs;
    var values = { date: long(oldest.date) };
    return " " + (change < 0 ? counted("down", -change, values) : change > 0 ? counted("up", change, values)
      : fill(say.level, values));
  }

  function quiet(g) {
    var last = g.draws[0];
    return fill(say.quiet, { name: g.name, round: fill(say.round, { round: last.round }), date: long(last.date), crs: last.crs });
  }

  function allTime(score, g) {
    var cleared = g.draws.filter(function (r) { return score >= r.crs; });
    var lowest = g.draws.reduce(function (a, r) { return r.crs < a.crs ? r : a; });
    var shown = cleared.length ? cleared[0] : lowest;
    var key = !cleared.length ? "history_none" : cleared.length < g.draws.length ? "history_some" : "history_all";
    var ties = g.draws.filter(function (r) { return score === r.crs; }).length;
    var text = counted(key, g.draws.length, { score: score, name: g.name, cleared: number.format(cleared.length),
      round: fill(say.round, { round: shown.round }), date: long(shown.date), crs: shown.crs });
    return ties ? text + " " + fill(say.tie, { score: score, ties: number.format(ties) }) : text;
  }

  function element(tag, text, className) {
    var made = document.createElement(tag);
    made.textContent = text;
    if (className) made.className = className;
    return made;
  }

  function answer(score, shown) {
    result.append(element("p", fill(say.window, { score: score, date: long(latest) }), "score-window"));
    if (shown.length === 1) {
      var g = shown[0];
      if (!g.recent.length) { result.append(element("p", quiet(g), "score-lead")); return; }
      result.append(element("p", latestLine(score, g), "score-lead"));
      result.append(element("p", recent(score, g) + trend(g)));
      return;
    }
    var lines = shown.filter(function (g) { return g.recent.length; });
    if (!lines.length) { result.append(element("p", say.none, "score-lead")); return; }
    var list = document.createElement("ul");
    lines.forEach(function (g) { list.append(element("li", latestLine(score, g))); });
    result.append(list);
  }

  function mark(score, slug) {
    document.querySelectorAll("tr[data-draw]").forEach(function (row) {
      var draw = byRound[row.dataset.draw];
      var known = draw !== undefined && score !== null && (!slug || draw.slug === slug);
      row.classList.toggle("cleared", known && score >= draw.crs);
      row.classList.toggle("missed", known && score < draw.crs);
    });
  }

  function update() {
    var text = input.value.trim();
    var score = /^\d{1,4}$/.test(text) && +text <= 1200 ? +text : null;
    var slug = choice ? choice.value : "";
    var shown = slug ? [bySlug[slug]] : groups;
    result.replaceChildren();
    mark(score, slug);
    remember(score);
    caveat.hidden = earlier.hidden = score === null;
    if (score === null) {
      if (text || input.validity.badInput) result.append(element("p", say.invalid));
      return;
    }
    answer(score, shown);
    var list = earlier.querySelector("ul");
    list.replaceChildren.apply(list, shown.map(function (g) { return element("li", allTime(score, g)); }));
  }

  // The address keeps the score and the choice, and whatever else is in it (draws.js's filters).
  function remember(score) {
    var query = new URLSearchParams(location.search);
    if (score === null) query.delete("score"); else query.set("score", score);
    // A category the score check doesn't list (one without draws) can still be draws.js's filter.
    if (choice && choice.value) query.set("category", choice.value);
    else if (choice && bySlug[query.get("category")]) query.delete("category");
    var url = location.pathname + (String(query) ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
  }

  function restore() {
    var query = new URLSearchParams(location.search);
    if (query.has("score")) input.value = query.get("score");
    if (choice) choice.value = bySlug[query.get("category")] ? query.get("category") : "";
  }

  box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); update(); });
  input.addEventListener("input", update);
  if (choice) {
    choice.addEventListener("change", function () {
      update();
      // On the page of all draws, the category is also the table's filter: draws.js reads the address again.
      window.dispatchEvent(new CustomEvent("address:changed"));
    });
  }
  // draws.js redrew its rows (and may have changed the category in the address).
  document.addEventListener("draws:rendered", function () { if (groups.length) { restore(); update(); } });
  window.addEventListener("popstate", function () { restore(); update(); });
  window.drawIndex(box.dataset.index).then(load);
})();
