// "Would my score have been invited?" Progressive enhancement: without this script the
// section stays hidden and the page shows everything else.
(function () {
  var box = document.querySelector("[data-score-check]");
  var data = document.getElementById("score-data");
  if (!box || !data) return;
  var categories = JSON.parse(data.textContent);
  var input = box.querySelector("input");
  var select = box.querySelector("select");
  var result = box.querySelector("output");
  box.hidden = false;

  function category() {
    var slug = select ? select.value : categories[0].slug;
    return categories.filter(function (c) { return c.slug === slug; })[0];
  }

  function mark(c, score) {
    var cleared = {};
    c.draws.forEach(function (d) { cleared[d[0]] = score !== null && score >= d[2]; });
    document.querySelectorAll("tr[data-draw]").forEach(function (row) {
      var known = row.dataset.draw in cleared;
      row.classList.toggle("cleared", known && cleared[row.dataset.draw]);
      row.classList.toggle("missed", known && score !== null && !cleared[row.dataset.draw]);
    });
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function update() {
    var c = category();
    var score = input.value === "" ? null : Number(input.value);
    if (score === null || !(score >= 0 && score <= 1200)) {
      mark(c, null);
      result.textContent = score === null ? "" : "Enter a CRS score from 0 to 1200.";
      return;
    }
    var cleared = c.draws.filter(function (d) { return score >= d[2]; });
    var latest = c.draws[0];
    var gap = score - latest[2];
    var text = "A score of " + score + " would have cleared " + cleared.length + " of the " +
      plural(c.draws.length, c.name + " draw") + ". ";
    text += gap >= 0
      ? "It beats the latest cut-off, " + latest[2] + " (#" + latest[0] + ", " + latest[1] + "), by " + plural(gap, "point") + "."
      : "It misses the latest cut-off, " + latest[2] + " (#" + latest[0] + ", " + latest[1] + "), by " + plural(-gap, "point") + ".";
    if (cleared.length && cleared[0] !== latest) {
      text += " The most recent draw it clears is #" + cleared[0][0] + " (" + cleared[0][1] + ", CRS " + cleared[0][2] + ").";
    }
    result.textContent = text;
    mark(c, score);
  }

  box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); update(); });
  input.addEventListener("input", update);
  if (select) select.addEventListener("change", update);
})();
