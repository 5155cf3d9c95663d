// The search page: one list of results, each address once. What the reader typed is matched exactly
// first: a round's number (254, #254, 91a, nº 254), a date or a month in the page's language (2023-07-05,
// July 5, 2023, July 2023), a year, a category's name or short name, a NOC code, an occupation's title
// or an official round name, or part of one (see `rank`). The draws' facts come from data/index.json,
// the rest from the language's terms file (pages/search_terms.py). Then come Pagefind's full-text
// results, from its search API over the page's index shards, each in its language. A query in the
// address (?q=254, as the box in every page's header sends it) runs at once, and the address keeps
// the query as it changes. Every word comes from the page (the catalog) or the terms file; results
// are built as text, but for Pagefind's excerpts, whose <mark>s are kept and nothing else.
(function () {
  var box = document.getElementById("search");
  if (!box || !window.fetch || !window.drawIndex || !window.URLSearchParams || !window.Intl || !Intl.PluralRules) return;
  var form = box.querySelector("form"), input = form.elements.q;
  var status = box.querySelector(".search-status"), list = box.querySelector(".search-results");
  var more = box.querySelector(".search-more");
  var say = JSON.parse(box.querySelector(".messages").textContent);
  var root = box.dataset.root, bundles = (box.dataset.bundles || "").split(" ").filter(Boolean);
  var languages = (box.dataset.bundleLanguages || "").split(" ");  // each bundle's: people's words are in theirs
  var lang = document.documentElement.lang, locale = document.documentElement.dataset.locale;
  var plurals = new Intl.PluralRules(locale), number = new Intl.NumberFormat(locale);
  var lists = Intl.ListFormat ? new Intl.ListFormat(locale, { type: "conjunction" }) : { format: function (items) { return items.join(", "); } };
  var BATCH = 25;  // full-text results whose data is fetched at a time; "More results" fetches the next
  var DEBOUNCE = 100;  // ms without typing before a search: less than a reader's pause between keys when stuck
  var loading, engine, current = 0, asked = null, timer, shown = 0, seen = {}, pending = [], known;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // A message marked NP_ in the template comes as its forms by CLDR category: {"one": …, "other": …}.
  function counted(forms, count, values) {
    values.count = number.format(count);
    return fill(forms[plurals.select(count)] || forms.other, values);
  }

  // Case and accents aside ("nº" is "no", "œ" is "oe"); then punctuation aside: "Ingénieurs/ingénieures"
  // reads as the words "ingenieurs ingenieures".
  function folded(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").trim();
  }

  function words(text) {
    return folded(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // How well the words typed name a text, best first: 0 the whole of it; 1 a run of its words, the last
  // one perhaps cut short ("social services occ"); 2 each typed word the start of one of its words, in
  // any order ("ingénieurs en logiciel"); -1 not at all. Short of a whole name, one typed word must have
  // three characters or more, so that "a" or "en" doesn't list everything.
  function rank(typed, text) {
    var phrase = typed.join(" "), whole = text.join(" ");
    if (!typed.length) return -1;
    if (phrase === whole) return 0;
    if (!typed.some(function (w) { return w.length >= 3; })) return -1;
    if ((" " + whole).indexOf(" " + phrase) >= 0) return 1;
    return typed.every(function (w) { return text.some(function (t) { return t.indexOf(w) === 0; }); }) ? 2 : -1;
  }

  function best(typed, texts) {
    var ranks = texts.map(function (text) { return rank(typed, text); }).filter(function (r) { return r >= 0; });
    return ranks.length ? Math.min.apply(null, ranks) : -1;
  }

  // Items with their rank, the matching ones only, best first (a stable sort keeps their own order).
  function ranked(items, rankOf) {
    return items.map(function (item) { return [rankOf(item), item]; })
      .filter(function (pair) { return pair[0] >= 0; })
      .sort(function (a, b) { return a[0] - b[0]; })
      .map(function (pair) { return pair[1]; });
  }

  function load() {
    loading = loading || Promise.all([window.drawIndex(box.dataset.index), fetch(box.dataset.terms).then(function (answer) {
      if (!answer.ok) throw new Error(answer.status + " " + box.dataset.terms);
      return answer.json();
    })]).then(function (both) { return prepare(both[0], both[1]); });
    return loading;
  }

  function prepare(index, terms) {
    var data = { terms: terms, index: index, draws: index.draws, byRound: {}, bySlug: {}, months: {}, years: {} };
    terms.months.forEach(function (names, i) {
      names.forEach(function (name) { data.months[words(name).join(" ")] = i + 1; });
    });
    terms.categories.forEach(function (c) {
      c.texts = [words(c.name), words(c.short_name), [c.slug]];
      c.draws = [];
      data.bySlug[c.slug] = c;
    });
    index.draws.forEach(function (d, i) {
      d.at = i;  // oldest first
      d.slug = index.categories[d.category].slug;
      data.byRound[d.round] = d;
      data.bySlug[d.slug].draws.push(d);
      (data.years[d.date.slice(0, 4)] = data.years[d.date.slice(0, 4)] || []).push(d);
    });
    // A date typed in another language finds its draws too: "5 juillet 2023" on the English pages.
    terms.other_months.forEach(function (names, i) {
      names.forEach(function (name) {
        var key = words(name).join(" ");
        if (!(key in data.months)) data.months[key] = i % 12 + 1;
      });
    });
    terms.names.forEach(function (n) { n.words = words(n.name); });
    terms.occupations.forEach(function (o) { o.words = words(o.title); });
    data.nocPrefixes = ["noc", words(fill(terms.noc, { code: "" })).join(" ")];
    data.roundWords = terms.round_words.map(folded);
    data.vocabulary = vocabulary(terms);
    return data;
  }

  // What a typo is matched against: the categories' names, whole and word by word, the words of the
  // occupations' titles and of the official round names; words of four letters or more.
  function vocabulary(terms) {
    var found = {};
    function take(text) {
      var all = words(text);
      if (all.length) found[all.join(" ")] = true;
      all.forEach(function (w) { if (w.length >= 4 && !/\d/.test(w)) found[w] = true; });
    }
    terms.categories.forEach(function (c) { take(c.name); take(c.short_name); take(c.slug); });
    terms.occupations.forEach(function (o) { take(o.title); });
    terms.names.forEach(function (n) { take(n.name); });
    return Object.keys(found);
  }

  // Damerau-Levenshtein distance (adjacent swaps count one), for "did you mean".
  function distance(a, b) {
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) d[i] = [i];
    for (j = 0; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }

  // The known term one letter off (two, from five letters), when nothing matched what was typed.
  function suggestion(data, typed) {
    var phrase = typed.join(" "), limit = phrase.length >= 5 ? 2 : 1, best = null, least = limit + 1;
    if (phrase.length < 4 || /\d/.test(phrase)) return null;
    data.vocabulary.forEach(function (term) {
      if (Math.abs(term.length - phrase.length) > limit) return;
      var d = distance(phrase, term);
      if (d > 0 && d < least) { least = d; best = term; }
    });
    return best;
  }

  // A long date as the language writes it: CLDR's pattern and month names, from the terms file.
  function longDate(terms, iso) {
    var year = iso.slice(0, 4), month = +iso.slice(5, 7), day = +iso.slice(8, 10);
    return terms.date.replace(/'([^']*)'|M+|d+|y+/g, function (field, quoted) {
      if (quoted !== undefined) return quoted || "'";
      if (field[0] === "M") return terms.months[month - 1][field.length >= 4 ? 0 : 1];
      if (field[0] === "d") return day === 1 && terms.first_of_month ? terms.first_of_month : (field.length > 1 && day < 10 ? "0" : "") + day;
      return year;
    });
  }

  function drawResult(data, d) {
    var terms = data.terms, category = data.bySlug[d.slug];
    var title = fill(terms.title, { round: fill(terms.round, { round: d.round }), date: longDate(terms, d.date),
                                    category: category.name });
    var line = fill(say.draw, { date: longDate(terms, d.date), category: category.short_name, crs: number.format(d.crs) });
    return { url: root + fill(terms.draw, { round: d.round }), title: title, line: d.reported ? line + " · " + say.reported : line,
             lang: category.lang };
  }

  function categoryResult(data, c) {
    var latest = c.draws[c.draws.length - 1];
    var line = latest ? counted(say.category, c.draws.length, { date: longDate(data.terms, latest.date) }) : say.no_draws;
    return { url: root + c.url, title: c.name, line: line, lang: c.lang };
  }

  // "In the Healthcare occupation list", and where a current list dropped it, since when.
  function occupationResult(data, o) {
    var names = o.categories.map(function (slug) { return data.bySlug[slug].short_name; });
    var line = names.length ? [counted(say.occupation, names.length, { lists: lists.format(names) }) + "."] : [];
    o.removed.forEach(function (r) {
      var list = data.bySlug[r.category].short_name;
      line.push(r.since ? fill(say.removed, { list: list, date: longDate(data.terms, r.since) }) : fill(say.removed_undated, { list: list }));
    });
    return { url: root + o.url, title: fill(data.terms.noc, { code: o.noc }) + " " + o.title, lang: o.lang,
             line: line.join(" ") };
  }

  // 254, #254, 91a, nº 254: the round; 91 finds 91a and 91b.
  function byNumber(data, query) {
    var typed = words(query);
    if (typed.length === 2 && data.roundWords.indexOf(typed[0]) >= 0) query = typed[1];  // "tirage 254"
    var match = /^(?:#|no\.?|n°)?\s*0*(\d{1,6})([a-z]?)$/.exec(folded(query));
    if (!match) return [];
    return data.draws.filter(function (d) {
      return d.round === match[1] + match[2] || (!match[2] && d.round.replace(/[a-z]+$/, "") === match[1]);
    });
  }

  // 2023-07-05, 2023-07, July 5, 2023, 5 juillet 2023, 1er juillet 2023, July 2023: the draws of that day or
  // month, in date order.
  function byDate(data, query) {
    var iso = /^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$/.exec(query), year, month, day, other = false;
    if (iso) {
      year = iso[1]; month = +iso[2]; day = iso[3] ? +iso[3] : 0;
    } else {
      words(query).forEach(function (word) {
        var dayMatch = /^(\d{1,2})(?:er|re|e|st|nd|rd|th)?$/.exec(word);
        if (/^\d{4}$/.test(word) && !year) year = word;
        else if (data.months[word] && !month) month = data.months[word];
        else if (dayMatch && !day) day = +dayMatch[1];
        else other = true;
      });
    }
    if (other || !year || !month) return [];
    var prefix = year + "-" + ("0" + month).slice(-2) + (day ? "-" + ("0" + day).slice(-2) : "");
    return data.draws.filter(function (d) { return d.date.indexOf(prefix) === 0; });
  }

  function byYear(data, query) {
    var year = /^\s*(\d{4})\s*$/.exec(query), draws = year && data.years[year[1]];
    if (!draws) return [];
    return [{ url: root + fill(data.terms.year, { year: year[1] }), title: fill(data.terms.year_title, { year: year[1] }),
              line: counted(say.year, draws.length, {}) }];
  }

  function byCode(data, query) {
    var typed = words(query), code = typed.pop();
    if (!/^\d{5}$/.test(code || "") || (typed.length && data.nocPrefixes.indexOf(typed.join(" ")) < 0)) return [];
    return data.terms.occupations.filter(function (o) { return o.noc === code; });
  }

  // "CEC 2026": that category's draws of that year, on the page of all draws with its filters set.
  function byFilter(data, typed) {
    var years = typed.filter(function (w) { return /^\d{4}$/.test(w); });
    var rest = typed.filter(function (w) { return !/^\d{4}$/.test(w); });
    if (years.length !== 1 || !rest.length || !data.years[years[0]]) return [];
    return ranked(data.terms.categories, function (c) { var r = best(rest, c.texts); return r <= 1 ? r : -1; })
      .map(function (c) {
        var count = c.draws.filter(function (d) { return d.date.slice(0, 4) === years[0]; }).length;
        return count && { url: root + data.terms.draws + "?category=" + encodeURIComponent(c.slug) + "&year=" + years[0],
                          title: fill(data.terms.filtered, { category: c.short_name, year: years[0] }),
                          line: counted(say.year, count, {}), lang: c.lang };
      }).filter(Boolean);
  }

  // The draws whose official name the words typed name: the best named first, then the newest.
  function named(data, typed) {
    var found = [];
    data.terms.names.forEach(function (n) {
      var r = rank(typed, n.words);
      if (r >= 0) n.rounds.forEach(function (label) { found.push([r, data.byRound[label]]); });
    });
    return found.sort(function (a, b) { return a[0] - b[0] || b[1].at - a[1].at; }).map(function (pair) { return pair[1]; });
  }

  // Every exact match, in the order readers expect them: the round, the day or month, the year, the
  // category, the NOC code, the occupation by its title, then the draws that carry a matching official
  // name, newest first.
  function exact(data, query) {
    var typed = words(query), results = [];
    function draws(found) { found.forEach(function (d) { results.push(drawResult(data, d)); }); }
    draws(byNumber(data, query));
    draws(byDate(data, query));
    results.push.apply(results, byYear(data, query));
    results.push.apply(results, byFilter(data, typed));
    ranked(data.terms.categories, function (c) { return best(typed, c.texts); })
      .forEach(function (c) { results.push(categoryResult(data, c)); });
    byCode(data, query).concat(ranked(data.terms.occupations, function (o) { return rank(typed, o.words); }))
      .forEach(function (o) { results.push(occupationResult(data, o)); });
    draws(named(data, typed));
    return results;
  }

  // Pagefind's API over the page's shards: the first (the page's prose, in its language) is imported, the
  // others merged into it, each in its own language. Its addresses are the pages' own under the site's
  // root (baseUrl), as the exact ones are.
  function startEngine() {
    engine = engine || import(bundles[0] + "pagefind.js").then(function (pagefind) {
      return bundles.slice(1).reduce(function (ready, bundle, i) {
        return ready.then(function () {
          return pagefind.mergeIndex(bundle, { baseUrl: root, language: languages[i + 1] || lang });
        });
      }, pagefind.options({ baseUrl: root })).then(function () { return pagefind.init(); })
        .then(function () { return pagefind; });
    });
    return engine;
  }

  function fullText(query) {
    return startEngine().then(function (pagefind) { return pagefind.search(query); }).then(function (found) {
      return found ? found.results : [];
    }, function (error) {
      if (window.console) console.warn("search: the full-text index did not load", error);
      return [];
    });
  }

  // Pagefind's excerpt is its own escaped text with <mark>s around the words found: read as an inert
  // document, and copied as text and marks alone.
  function excerpt(into, html) {
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        into.append(mark);
      } else {
        into.append(node.textContent);
      }
    });
  }

  function add(result) {
    if (seen[result.url]) return null;
    seen[result.url] = true;
    var item = document.createElement("li"), link = document.createElement("a"), line = document.createElement("p");
    link.href = result.url;
    link.textContent = result.title;
    if (result.lang && result.lang !== lang) link.lang = result.lang;
    if (result.hreflang) link.hreflang = result.hreflang;
    line.className = "search-line";
    if (result.wordsLang && result.wordsLang !== lang) line.lang = result.wordsLang;  // where a record says so
    if (result.excerpt !== undefined) excerpt(line, result.excerpt);
    else line.textContent = result.line;
    item.dataset.found = result.excerpt === undefined ? "exact" : "full text";  // which of the two found it
    item.append(link, line);
    list.append(item);
    shown += 1;
    return link;
  }

  function sayCount(query) {
    status.textContent = shown ? counted(say.results, shown, { query: query }) : fill(say.none, { query: query });
  }

  // A page Pagefind found, or a record of people's words about a draw: its `round` metadata names the draw,
  // whose page in this language is the result (a French page finds English notes in the English records).
  function fullTextResult(page) {
    var meta = page.meta || {}, draw = meta.round && known && known.byRound[meta.round];
    var result = draw ? drawResult(known, draw) : { url: meta.url ? root + meta.url.replace(/^\/+/, "") : page.url,
                                                    title: meta.title || page.url };
    return { url: result.url, title: result.title, lang: result.lang, excerpt: page.excerpt || "", wordsLang: meta.lang };
  }

  // The next batch of full-text results, each address not listed yet; the first new one is focused when
  // the reader asked for more.
  function next(run, query, focus) {
    var batch = pending.splice(0, BATCH);
    return Promise.all(batch.map(function (found) { return found.data(); })).then(function (pages) {
      if (run !== current) return;
      var first = null;
      pages.forEach(function (page) {
        if (!page) return;  // a number found only as part of another
        var link = add(fullTextResult(page));
        first = first || link;
      });
      more.hidden = !pending.length;
      sayCount(query);
      box.dataset.state = "done";
      if (focus && first) first.focus();
      else if (focus && more.hidden) input.focus();
    });
  }

  // For a number, full-text hits only where the number stands whole: "254" must not list pages that
  // hold "25". The excerpt is fetched first, so these are filtered as their data comes.
  function wholeNumbers(found, query) {
    var typed = words(query), number = typed[typed.length - 1];
    if (!/^\d+$/.test(number || "")) return found;
    found.forEach(function (hit) {
      var data = hit.data;
      hit.data = function () {
        return data.call(hit).then(function (page) {
          var marks = (page.excerpt || "").match(/<mark>[^<]*<\/mark>/g) || [];
          return marks.some(function (m) { return m.replace(/<\/?mark>/g, "") === number; }) ? page : null;
        });
      };
    });
    return found;
  }

  function search(query) {
    query = query.trim();
    if (query === asked) return;
    asked = query;
    var run = ++current;
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    list.replaceChildren();
    more.hidden = true;
    shown = 0; seen = {}; pending = [];
    if (!query) {
      status.textContent = "";
      box.dataset.state = "done";
      return;
    }
    box.dataset.state = "busy";
    status.textContent = fill(say.searching, { query: query });
    var textFound;
    Promise.all([load(), fullText(query)]).then(function (both) {
      if (run !== current) return [];
      known = both[0];
      textFound = both[1];
      var found = exact(known, query), term = !found.length && suggestion(known, words(query));
      if (term) {
        found = [{ url: "?q=" + encodeURIComponent(term), title: fill(say.suggest, { term: term }), line: "" }]
          .concat(exact(known, term));
      }
      found.forEach(add);
      return found.length ? [] : elsewhere(known, query);
    }).then(function (other) {
      if (run !== current) return;
      other.forEach(add);
      // A round or a date typed is answered exactly, and a query another language's search answers is sent
      // there: the full text would only add pages that mention the number, or share a word by chance.
      var answered = other.length || byNumber(known, query).length || byDate(known, query).length;
      pending = answered ? [] : wholeNumbers(textFound, query);
      return next(run, query, false);
    }).catch(failed(run));
  }

  // When nothing here matches, the other languages' terms files are asked: a French occupation's title
  // typed on the English pages is offered as a link to the French search, not as full-text noise.
  function elsewhere(data, query) {
    return Promise.all(data.terms.others.map(function (other) {
      other.known = other.known || fetch(root + other.terms).then(function (answer) {
        if (!answer.ok) throw new Error(answer.status + " " + other.terms);
        return answer.json();
      }).then(function (terms) { return prepare(data.index, terms); });
      return other.known.then(function (theirs) {
        return exact(theirs, query).length ? [{ url: root + other.search + "?q=" + encodeURIComponent(query),
          title: fill(say.elsewhere, { language: other.name, query: query }), line: "", hreflang: other.lang }] : [];
      });
    })).then(function (found) { return [].concat.apply([], found); });
  }

  function failed(run) {
    return function (error) {
      if (run !== current) return;
      if (window.console) console.error("search:", error);
      status.textContent = say.failed;
      box.dataset.state = "failed";
    };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, DEBOUNCE);
  });
  more.addEventListener("click", function () {
    more.hidden = true;
    next(current, asked, true).catch(failed(current));
  });

  var query = new URLSearchParams(location.search).get("q") || "";
  box.hidden = false;
  input.value = query;
  if (query) search(query);
  else {
    input.focus();
    // Fetched while the reader types, so that the first search is as quick as the next; a failure is
    // said when a search needs what failed.
    load().catch(function () {});
    startEngine().catch(function () {});
  }
})();
