// Counted in the reader's browser, because the page was built earlier: "N days ago" beside
// <time data-ago>, and the warning that the archive may be behind (p.behind) once the silence since
// the latest draw is longer than any gap between draws in the past 12 months (data-longest-gap).
// The words come from the browser's own CLDR data, or from the page, in the page's language.
(function () {
  var now = new Date(), today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  function daysSince(day) { return Math.round((today - Date.parse(day + "T00:00:00Z")) / 86400000); }
  document.querySelectorAll("p.behind[data-since]").forEach(function (node) {
    if (daysSince(node.dataset.since) > +node.dataset.longestGap) node.hidden = false;
  });
  if (!window.Intl || !Intl.RelativeTimeFormat) return;
  var words = new Intl.RelativeTimeFormat(document.documentElement.dataset.locale, { numeric: "auto" });
  document.querySelectorAll("time[data-ago]").forEach(function (node) {
    var days = daysSince(node.getAttribute("datetime"));
    if (!isNaN(days) && days >= 0) node.insertAdjacentText("afterend", " (" + words.format(-days, "day") + ")");
  });
})();
