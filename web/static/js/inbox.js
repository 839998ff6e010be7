// The inbox: htmx applies the filter form on every change (the page also works as a
// plain GET form without JavaScript). Here: leave empty filter fields out of the
// request, so the address in the bar stays short; "/" jumps to the search box.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    if (!params || event.detail.verb !== "get") return;
    Object.keys(params).forEach(function (name) {
      if (params[name] === "") delete params[name];
    });
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable)) return;
    var search = document.getElementById("inbox-q");
    if (search) { event.preventDefault(); search.focus(); search.select(); }
  });
})();
