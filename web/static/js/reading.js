// A scan being read in the background: ask for its progress every 1.5 s, move the bar,
// and open the review page (the job page redirects to it) once the proposal is ready;
// a failure or an interruption reloads the page, which then says why.
(function () {
  "use strict";
  var section = document.getElementById("reading");
  if (!section || section.getAttribute("data-status") === "failed") { return; }
  var bar = document.getElementById("reading-progress");
  var label = document.getElementById("reading-label");
  var url = section.getAttribute("data-status-url");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        if (state.pages_total) {
          label.textContent = label.getAttribute("data-template")
            .replace("{done}", state.pages_done).replace("{total}", state.pages_total);
        }
        if (state.status === "done" || state.status === "failed" || state.stalled) {
          window.location.assign(state.url);
          return;
        }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 4000); });
  }
  if (section.querySelector(".error-message") === null) { window.setTimeout(poll, 800); }
})();
