// Dashboard charts (Chart.js, vendored): each <canvas data-chart> carries its data as
// JSON written by the server; no inline script (the CSP allows same-origin files only).
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }

  function draw(canvas) {
    var data = JSON.parse(canvas.getAttribute("data-chart"));
    var kind = canvas.getAttribute("data-chart-kind");
    if (kind === "doughnut") {
      var labels = [], counts = [], colours = [];
      data.counts.forEach(function (count, i) {
        if (count > 0) { labels.push(data.labels[i]); counts.push(count); colours.push(data.colours[i]); }
      });
      return new Chart(canvas, {
        type: "doughnut",
        data: { labels: labels, datasets: [{ data: counts, backgroundColor: colours }] },
        options: { plugins: { legend: { position: "right" } } }
      });
    }
    return new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels,
              datasets: [{ label: canvas.getAttribute("data-chart-label") || "", data: data.counts,
                           backgroundColor: "#d92d20" }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } },
                 scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
