// The inbox: with htmx present the filter applies on every change, so the "Lọc"
// button is only a fallback; "/" jumps to the search box. The page works without it.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable)) return;
    var search = document.getElementById("inbox-q");
    if (search) { event.preventDefault(); search.focus(); search.select(); }
  });
})();
