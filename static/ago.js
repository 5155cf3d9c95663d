// "N days ago" beside <time data-ago>, counted in the reader's browser: the page was built earlier.
// The words come from the browser's own CLDR data, in the page's language.
(function () {
  if (!window.Intl || !Intl.RelativeTimeFormat) return;
  var words = new Intl.RelativeTimeFormat(document.documentElement.dataset.locale, { numeric: "auto" });
  var now = new Date(), today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  document.querySelectorAll("time[data-ago]").forEach(function (node) {
    var days = Math.round((today - Date.parse(node.getAttribute("datetime") + "T00:00:00Z")) / 86400000);
    if (!isNaN(days) && days >= 0) node.insertAdjacentText("afterend", " (" + words.format(-days, "day") + ")");
  });
})();
