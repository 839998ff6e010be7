/* The migration screen: the dry run of the chosen instances, then their migration,
   each a batch per request (the server answers table rows), with a progress bar and a
   stop button that lets the batch under way finish. Only the instances the dry run
   found movable are migrated; each instance's result is shown as it comes. */
(function () {
  "use strict";

  var box = document.querySelector("[data-migration]");
  if (!box) {
    return;
  }
  var texts = JSON.parse(document.getElementById("migration-texts").textContent);
  var ids = (box.dataset.ids || "").split(",").filter(Boolean);
  var batch = Math.max(1, parseInt(box.dataset.batch, 10) || 10);
  var progress = box.querySelector("[data-migration-progress]");
  var bar = progress.querySelector("progress");
  var label = progress.querySelector("span");
  var errorBox = box.querySelector("[data-migration-error]");
  var stopButton = box.querySelector("[data-migration-stop]");
  var previewButton = box.querySelector("[data-migration-preview]");
  var runButton = box.querySelector("[data-migration-run]");
  var stopping = false;

  function fill(template, values) {
    return template.replace(/{(\w+)}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function show(el) { el.hidden = false; }

  function setProgress(done, total, template) {
    show(progress);
    bar.max = total;
    bar.value = done;
    label.textContent = fill(template, { done: done, total: total });
  }

  function post(url, chunk, extra) {
    var data = new FormData();
    data.append("csrf_token", box.dataset.csrf);
    data.append("from", box.dataset.from);
    data.append("to", box.dataset.to);
    data.append("ids", chunk.join(","));
    Object.keys(extra || {}).forEach(function (name) { data.append(name, extra[name]); });
    return fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.text().then(function (body) {
          if (!response.ok) {
            var reason = body;
            try { reason = JSON.parse(body).error; } catch (e) { reason = response.status + ""; }
            throw new Error(reason);
          }
          return body;
        });
      });
  }

  // run ``list`` through ``url`` a batch at a time; each answer's rows go into ``tbody``
  function inBatches(url, list, tbody, template, extra) {
    var done = 0;
    stopping = false;
    stopButton.hidden = false;
    setProgress(0, list.length, template);
    function next() {
      if (done >= list.length || stopping) {
        stopButton.hidden = true;
        return Promise.resolve(done >= list.length);
      }
      var chunk = list.slice(done, done + batch);
      return post(url, chunk, extra).then(function (rows) {
        tbody.insertAdjacentHTML("beforeend", rows);
        done += chunk.length;
        setProgress(done, list.length, template);
        return next();
      });
    }
    return next().catch(function (err) {
      stopButton.hidden = true;
      errorBox.textContent = fill(texts.failed, { reason: err.message });
      show(errorBox);
      return false;
    });
  }

  stopButton.addEventListener("click", function () { stopping = true; });

  previewButton.addEventListener("click", function () {
    var table = box.querySelector("[data-migration-preview-table]");
    var tbody = table.querySelector("tbody");
    tbody.innerHTML = "";
    errorBox.hidden = true;
    previewButton.disabled = true;
    show(table);
    inBatches(box.dataset.previewUrl, ids, tbody, texts.previewed).then(function (finished) {
      previewButton.disabled = false;
      var movable = tbody.querySelectorAll("tr[data-possible='1']").length;
      var summary = box.querySelector("[data-migration-summary]");
      summary.textContent = finished ? fill(texts.summary, {
        movable: movable, blocked: tbody.querySelectorAll("tr[data-possible='0']").length
      }) : texts.stopped;
      show(summary);
      box.querySelector("[data-migration-run-box]").hidden = !(finished && movable);
    });
  });

  runButton.addEventListener("click", function () {
    var movable = Array.prototype.map.call(
      box.querySelectorAll("[data-migration-preview-table] tr[data-possible='1']"),
      function (row) { return row.dataset.instance; });
    var table = box.querySelector("[data-migration-results]");
    var tbody = table.querySelector("tbody");
    runButton.disabled = true;
    previewButton.disabled = true;
    errorBox.hidden = true;
    show(table);
    var reason = box.querySelector("textarea[name=reason]").value;
    inBatches(box.dataset.runUrl, movable, tbody, texts.migrated, { run_id: box.dataset.run, reason: reason })
      .then(function (finished) {
        var migrated = tbody.querySelectorAll("tr[data-status='migrated']").length;
        var summary = box.querySelector("[data-migration-summary]");
        summary.textContent = finished ? fill(texts.done, {
          migrated: migrated, other: tbody.querySelectorAll("tr").length - migrated
        }) : texts.stopped;
        if (migrated) {
          show(box.querySelector("[data-migration-done]"));
        }
      });
  });
})();
