// Start Pagefind's search UI; the bundle finds its index beside its own script, so sub-paths work.
window.addEventListener("DOMContentLoaded", function () {
  new PagefindUI({ element: "#search", showSubResults: false, showImages: false, resetStyles: false,
                   autofocus: true });
  // Pagefind's input has only a title; give it a real accessible name once it is drawn.
  var box = document.getElementById("search");
  function label() {
    var input = box.querySelector("input");
    if (!input) return false;
    input.setAttribute("aria-label", "Search draws, categories and occupations");
    return true;
  }
  if (!label()) {
    new MutationObserver(function (changes, observer) {
      if (label()) observer.disconnect();
    }).observe(box, { childList: true, subtree: true });
  }
});
