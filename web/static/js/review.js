// Extraction review: focusing or hovering a proposed task highlights the source lines
// it was read from and scrolls the source pane to them — for a scan, also the outlines
// of those lines on the page images; clicking a highlighted source line (or outline)
// brings its task into view.
(function () {
  "use strict";
  var source = document.getElementById("source");
  if (!source) { return; }
  var active = [];
  var pages = document.getElementById("pages");
  var textPane = source.classList.contains("scan") ? source.querySelector("ol.lines") : source;

  function clear() {
    active.forEach(function (el) { el.classList.remove("active"); });
    active = [];
  }

  function show(card) {
    clear();
    card.classList.add("active");
    active.push(card);
    var first = parseInt(card.getAttribute("data-first"), 10);
    var last = parseInt(card.getAttribute("data-last"), 10);
    if (isNaN(first) || isNaN(last)) { return; }
    var firstBox = null;
    for (var n = first; n <= last; n += 1) {
      var line = document.getElementById("L" + n);
      if (line) { line.classList.add("active"); active.push(line); }
      var box = document.getElementById("B" + n);
      if (box) { box.classList.add("active"); active.push(box); firstBox = firstBox || box; }
    }
    var top = document.getElementById("L" + first);
    if (top) { textPane.scrollTop = top.offsetTop - 24; }
    if (pages && firstBox) {
      var figure = firstBox.parentElement;
      pages.scrollTop = figure.offsetTop + firstBox.offsetTop - 48;
    }
  }

  document.querySelectorAll(".task-card").forEach(function (card) {
    card.addEventListener("mouseenter", function () { show(card); });
    card.addEventListener("focusin", function () { show(card); });
  });

  source.addEventListener("click", function (event) {
    var line = event.target.closest("li[data-tasks], .ocr-box[data-tasks]");
    if (!line) { return; }
    var card = document.getElementById("task-" + line.getAttribute("data-tasks").split(" ")[0]);
    if (card) { card.scrollIntoView({ behavior: "smooth", block: "start" }); show(card); }
  });
})();
