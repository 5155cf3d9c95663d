// Search with Pagefind's UI. A query in the address (?q=254, as the search box in every page's
// header sends) runs at once; the bundle finds its index beside its own script, so sub-paths work.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  var query = new URLSearchParams(location.search).get("q") || "";
  // The index comes in shards (its other pages, then a thousand rounds each): the first is the
  // UI's own bundle, the rest are merged into it.
  var bundles = (box.dataset.bundles || "").split(" ").filter(Boolean);
  // The page's own words for the UI's (the catalog's, over Pagefind's: its French "Nettoyer" read as "clean up").
  var ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false, resetStyles: false,
                            autofocus: !query, translations: JSON.parse(box.dataset.translations || "{}"),
                            bundlePath: bundles[0],
                            mergeIndex: bundles.slice(1).map(function (path) { return { bundlePath: path }; }) });
  var header = document.getElementById("site-search-q");
  if (header) header.value = query;
  if (query) ui.triggerSearch(query);
  // Pagefind's input has only a title; give it a real accessible name once it is drawn.
  function label() {
    var input = box.querySelector("input");
    if (!input) return false;
    input.setAttribute("aria-label", box.dataset.label);
    return true;
  }
  if (!label()) {
    new MutationObserver(function (changes, observer) {
      if (label()) observer.disconnect();
    }).observe(box, { childList: true, subtree: true });
  }
});
