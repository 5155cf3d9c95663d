// Start Pagefind's search UI; the bundle finds its index beside its own script, so sub-paths work.
window.addEventListener("DOMContentLoaded", function () {
  new PagefindUI({ element: "#search", showSubResults: false, showImages: false, resetStyles: false,
                   autofocus: true });
});
