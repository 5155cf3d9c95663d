// "N days ago" beside <time data-ago>, counted in the reader's browser: the page was built earlier.
(function () {
  var day = 86400000;
  document.querySelectorAll("time[data-ago]").forEach(function (node) {
    var then = Date.parse(node.getAttribute("datetime") + "T00:00:00Z");
    var now = new Date();
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    var days = Math.round((today - then) / day);
    if (isNaN(days) || days < 0) return;
    var text = days === 0 ? "today" : days === 1 ? "yesterday" : days + " days ago";
    node.insertAdjacentText("afterend", " (" + text + ")");
  });
})();
