// All draws, sorted and filtered in the browser. Progressive enhancement: without this script the
// page is a plain table, a page at a time. With it, every draw (data/index.json) can be sorted by
// any column and filtered, a page at a time too, and the view lives in the URL, so it can be shared.
(function () {
  var box = document.querySelector("[data-draws]");
  var table = document.querySelector("table.draws");
  if (!box || !table || !window.drawIndex || !window.URLSearchParams) return;
  var say = JSON.parse(box.querySelector(".messages").textContent);
  var form = box.querySelector("form");
  var summary = box.querySelector(".filter-summary");
  var lang = document.documentElement.lang, locale = document.documentElement.dataset.locale;
  var first = document.documentElement.dataset.firstOfMonth;  // "1er" in French, as the pages write it
  var number = new Intl.NumberFormat(locale);
  var shortFormat = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  var PER_PAGE = +box.dataset.perPage, FILTERS = ["category", "year", "program", "min", "max"];  // the pages' own count
  var index, rows, page = 1, sort = "date", descending = true;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function short(iso) {
    var text = shortFormat.format(new Date(iso.slice(0, 10)));
    return first && iso.slice(8, 10) === "01" ? text.replace("1", first) : text;
  }

  function link(pattern, key, text) {
    var a = document.createElement("a");
    a.href = pattern.replace(pattern.indexOf("ROUND") >= 0 ? "ROUND" : "SLUG", key);
    a.textContent = text;
    return a;
  }

  function mark(cell, text, tip) {  // as the templates' status_mark and corrected_mark write it
    var span = document.createElement("span");
    span.className = "status-mark";
    span.textContent = text;
    if (tip) {
      var more = document.createElement("span");
      more.className = "tip";
      more.textContent = " " + tip;  // apart from the badge's word, as the template writes it
      more.dataset.pagefindIgnore = "";
      span.tabIndex = 0;
      span.append(more);
    }
    cell.append(" ", span);
  }

  function cell(row, className) {
    var td = row.insertCell();
    if (className) td.className = className;
    return td;
  }

  function time(iso, text) {
    var t = document.createElement("time");
    t.dateTime = iso;
    t.textContent = text;
    return t;
  }

  function draw(r) {
    var row = document.createElement("tr"), c = index.categories[r.category];
    row.dataset.draw = r.round;
    var first = cell(row);
    first.append(link(box.dataset.drawUrl, r.round, fill(say.round, { round: r.round })));
    if (r.reported) mark(first, say.reported, say.reported_tip);
    cell(row).append(time(r.date, short(r.date)));
    cell(row).append(link(box.dataset.categoryUrl, c.slug, c.short_name[lang]));
    var invitations = cell(row, "num"), crs = cell(row, "num"), tie = cell(row, "optional");
    invitations.textContent = number.format(r.invitations);
    crs.textContent = r.crs;
    if (r.corrected.indexOf("invitations") >= 0) mark(invitations, say.corrected);
    if (r.corrected.indexOf("crs") >= 0) mark(crs, say.corrected);
    if (r.tie_break) tie.append(time(r.tie_break, short(r.tie_break) + " " + r.tie_break.slice(11, 16) + " UTC"));
    else tie.textContent = r.reported ? say.unknown : say.none;
    return row;
  }

  var KEYS = { round: function (r) { return [parseInt(r.round, 10), r.round]; }, date: function (r) { return [r.date, r.round]; },
    category: function (r) { return [index.categories[r.category].short_name[lang], r.date]; },
    invitations: function (r) { return [r.invitations, r.date]; }, crs: function (r) { return [r.crs, r.date]; },
    tie_break: function (r) { return [r.tie_break || "", r.date]; } };

  function compare(a, b) {
    var x = KEYS[sort](a), y = KEYS[sort](b);
    var order = x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
    return descending ? -order : order;
  }

  function matches(r, f) {
    var bit = index.programs.indexOf(f.program);
    return (!f.category || index.categories[r.category].slug === f.category) && (!f.year || r.date.slice(0, 4) === f.year) &&
      (!f.program || (r.programs & (1 << bit))) && (f.min === "" || r.crs >= +f.min) && (f.max === "" || r.crs <= +f.max);
  }

  function filters() {
    var f = {};
    FILTERS.forEach(function (name) { f[name] = form.elements[name].value; });
    return f;
  }

  function render(push) {
    var f = filters();
    rows = index.draws.filter(function (r) { return matches(r, f); }).sort(compare);
    var pages = Math.max(1, Math.ceil(rows.length / PER_PAGE));
    page = Math.min(Math.max(page, 1), pages);
    var body = table.tBodies[0];
    body.replaceChildren.apply(body, rows.slice((page - 1) * PER_PAGE, page * PER_PAGE).map(draw));
    var crs = rows.map(function (r) { return r.crs; });
    summary.textContent = rows.length ? fill(rows.length === 1 ? say.summary_one : say.summary, { count: number.format(rows.length),
      invitations: number.format(rows.reduce(function (sum, r) { return sum + r.invitations; }, 0)),
      low: Math.min.apply(null, crs), high: Math.max.apply(null, crs) }) : say.empty;
    var unconfirmed = rows.reduce(function (sum, r) { return sum + (r.reported ? r.invitations : 0); }, 0);
    if (unconfirmed) summary.textContent += fill(say.unconfirmed_part, { invitations: number.format(unconfirmed) });
    var column = table.querySelector("th[data-sort='" + sort + "'] button").textContent.replace(/ [↑↓]$/, "");
    table.caption.textContent = fill(say.caption, { column: column, direction: descending ? say.descending : say.ascending });
    headers();
    pager(pages);
    remember(f, push);
    document.dispatchEvent(new CustomEvent("draws:rendered"));
  }

  function headers() {
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      var on = th.dataset.sort === sort;
      if (on) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
      th.querySelector("button").title = on ? fill(say.sort, { direction: descending ? say.descending : say.ascending }) : "";
    });
  }

  function pager(pages) {
    var nav = box.parentNode.querySelector(".script-pager");
    nav.hidden = pages < 2;
    nav.querySelector("span").textContent = fill(say.page, { page: page, pages: pages });
    nav.querySelector("[data-step='-1']").disabled = page <= 1;
    nav.querySelector("[data-step='1']").disabled = page >= pages;
  }

  // The address keeps this view, and what else is in it (score.js's score).
  function remember(f, push) {
    var query = new URLSearchParams(location.search);
    FILTERS.concat(["sort", "page"]).forEach(function (name) { query.delete(name); });
    FILTERS.forEach(function (name) { if (f[name]) query.set(name, f[name]); });
    if (sort !== "date" || !descending) query.set("sort", sort + (descending ? "" : "-asc"));
    if (page > 1) query.set("page", page);
    var url = location.pathname + (String(query) ? "?" + query : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function restore() {
    var query = new URLSearchParams(location.search);
    FILTERS.forEach(function (name) { form.elements[name].value = query.get(name) || ""; });
    var wanted = (query.get("sort") || "date").split("-");
    sort = KEYS[wanted[0]] ? wanted[0] : "date";
    descending = wanted[1] !== "asc";
    page = parseInt(query.get("page"), 10) || 1;
  }

  function buttons() {
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.append.apply(button, th.childNodes);
      th.append(button);
      button.addEventListener("click", function () {
        descending = th.dataset.sort === sort ? !descending : th.dataset.sort !== "category";
        sort = th.dataset.sort;
        page = 1;
        render(true);
      });
    });
    var nav = document.createElement("nav");
    nav.className = "pager script-pager";
    nav.setAttribute("aria-label", say.pages);
    nav.innerHTML = '<button type="button" data-step="-1"></button> <span></span> <button type="button" data-step="1"></button>';
    nav.querySelector("[data-step='-1']").textContent = "← " + say.previous;
    nav.querySelector("[data-step='1']").textContent = say.next + " →";
    nav.addEventListener("click", function (event) {
      var step = event.target.closest("button");
      if (step) { page += +step.dataset.step; render(true); table.scrollIntoView(); }
    });
    table.closest(".table-wrap").after(nav);
  }

  window.drawIndex(box.dataset.index).then(function (data) {
    index = data;
    var plain = document.querySelector("[data-pager]");
    if (plain) plain.hidden = true;
    box.hidden = false;
    buttons();
    restore();
    render(false);
    form.addEventListener("input", function () { page = 1; render(false); });
    form.addEventListener("reset", function () { setTimeout(function () { page = 1; render(true); }); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () { restore(); render(false); });
    // score.js's category is this filter too: it changed the address.
    window.addEventListener("address:changed", function () { restore(); page = 1; render(false); });
  });
})();
