/* The process editor page: opens the owner's draft (else the version in force) in the
   bundled bpmn-js modeler (window.ChidaoBpmn, web/static/src/editor), saves the
   diagram as the owner's draft shortly after every change and when the page is left
   (so closing the tab loses nothing), asks the server's deployment checks and marks
   each faulty element with its message (process_editor_problems.js), and shows what
   changed against the version in force. */
(function () {
  "use strict";

  var root = document.querySelector("[data-process-editor]");
  if (!root || !window.ChidaoBpmn) {
    return;
  }
  var SAVE_DELAY = 800;
  var CHECK_DELAY = 1500;
  var catalog = JSON.parse(document.getElementById("editor-catalog").textContent);
  var words = JSON.parse(document.getElementById("editor-words").textContent);
  var texts = JSON.parse(document.getElementById("editor-texts").textContent);
  var statusEl = document.querySelector("[data-editor-status]");
  var problemsEl = document.querySelector("[data-editor-problems]");
  var okEl = document.querySelector("[data-editor-ok]");
  var changesButton = document.querySelector("[data-editor-changes]");
  var changesSummary = document.querySelector("[data-editor-changes-summary]");
  var modeler = window.ChidaoBpmn.createModeler({
    container: root.querySelector("[data-editor-canvas]"),
    panel: root.querySelector("[data-editor-panel]"),
    catalog: catalog,
    translations: words
  });
  var canvas = modeler.get("canvas");
  var registry = modeler.get("elementRegistry");
  var eventBus = modeler.get("eventBus");

  var latestXml = null;      // the diagram as last exported
  var savedXml = null;       // the diagram the server holds
  var saving = null;         // the save under way (a promise)
  var saveTimer = null;
  var checkTimer = null;
  var changeMarks = [];
  var baselineXml = null;
  var showingChanges = false;

  function fill(template, values) {
    return template.replace(/{(\w+)}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function setStatus(text, state) {
    statusEl.textContent = text;
    statusEl.dataset.state = state || "";
  }

  function form(xml) {
    var data = new FormData();
    data.append("csrf_token", root.dataset.csrf);
    data.append("xml", xml);
    data.append("base_version", root.dataset.baseVersion || "");
    return data;
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  }

  // the diagram as XML, kept as the latest export (what leaving the page sends if unsaved)
  function exportNow() {
    return window.ChidaoBpmn.exportDiagram(modeler).then(function (xml) {
      latestXml = xml;
      root.dataset.unsaved = String(xml !== savedXml);
      return xml;
    });
  }

  // ---- saving the draft ------------------------------------------------------------
  function save() {
    if (saving) {
      return saving.then(save);
    }
    saving = exportNow().then(function (xml) {
      if (xml === savedXml) {
        return true;
      }
      setStatus(texts.saving, "saving");
      return post(root.dataset.saveUrl, form(xml)).then(function (answer) {
        if (answer.ok && answer.body.saved) {
          savedXml = xml;
          root.dataset.unsaved = String(latestXml !== savedXml);
          setStatus(fill(texts.saved, { when: answer.body.saved_at }), "saved");
          return true;
        }
        setStatus(fill(texts.saveFailed, { reason: answer.body.error || "" }), "error");
        return false;
      });
    }).catch(function () {
      setStatus(texts.offline, "error");
      return false;
    }).then(function (result) {
      saving = null;
      return result;
    });
    return saving;
  }

  function saveSoon() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_DELAY);
  }

  // leaving the page: what was exported but not saved goes, gzipped, with the browser's
  // beacon; false when it could not be sent
  function flushOnLeave() {
    if (latestXml === null || latestXml === savedXml) {
      return true;
    }
    var data = new FormData();
    data.append("csrf_token", root.dataset.csrf);
    data.append("base_version", root.dataset.baseVersion || "");
    var packed = new Blob([window.ChidaoBpmn.gzip(latestXml)], { type: "application/gzip" });
    data.append("xml_gz", packed, "draft.bpmn.gz");
    var sent = Boolean(navigator.sendBeacon && navigator.sendBeacon(root.dataset.saveUrl, data));
    if (sent) {
      savedXml = latestXml;          // once is enough (beforeunload, then pagehide)
    }
    return sent;
  }

  // ---- the server's checks -----------------------------------------------------------
  var problems = window.ChidaoEditorProblems(modeler, problemsEl, okEl, texts);

  function check() {
    return exportNow().then(function (xml) {
      return post(root.dataset.checkUrl, form(xml));
    }).then(function (answer) {
      if (answer.ok) {
        problems.show(answer.body.problems || []);
      }
    }).catch(function () { /* the next change checks again */ });
  }

  function checkSoon() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, CHECK_DELAY);
  }

  // ---- what changed against the version in force -------------------------------------
  function clearChanges() {
    changeMarks.forEach(function (mark) { canvas.removeMarker(mark[0], mark[1]); });
    changeMarks = [];
    changesSummary.hidden = true;
  }

  function showChanges() {
    var ready = baselineXml !== null ? Promise.resolve(baselineXml) :
      fetch(root.dataset.baselineSrc, { credentials: "same-origin" }).then(function (r) { return r.text(); })
        .then(function (xml) { baselineXml = xml; return xml; });
    return ready.then(function (xml) {
      return window.ChidaoBpmn.changesSince(modeler, xml);
    }).then(function (found) {
      clearChanges();
      [["added", "chidao-added"], ["changed", "chidao-changed"], ["moved", "chidao-moved"]].forEach(function (kind) {
        found[kind[0]].forEach(function (id) {
          if (registry.get(id)) {
            canvas.addMarker(id, kind[1]);
            changeMarks.push([id, kind[1]]);
          }
        });
      });
      changesSummary.textContent = fill(texts.changes, {
        added: found.added.length, removed: found.removed.length, changed: found.changed.length,
        moved: found.moved.length
      });
      changesSummary.hidden = false;
    });
  }

  changesButton.addEventListener("click", function () {
    showingChanges = !showingChanges;
    changesButton.setAttribute("aria-pressed", String(showingChanges));
    if (showingChanges) {
      showChanges();
    } else {
      clearChanges();
    }
  });

  // ---- wiring --------------------------------------------------------------------------
  document.querySelector("[data-editor-check]").addEventListener("click", function () {
    setStatus(texts.checking, "checking");
    check().then(function () { return save(); });
  });

  document.querySelector("[data-editor-deploy]").addEventListener("click", function (event) {
    event.preventDefault();
    var target = event.currentTarget.href;
    clearTimeout(saveTimer);
    save().then(function (saved) {
      if (saved) {
        window.location.href = target;
      }
    });
  });

  eventBus.on("selection.changed", problems.refreshPanel);

  modeler.on("commandStack.changed", function () {
    setStatus(texts.unsaved, "unsaved");
    exportNow();
    saveSoon();
    checkSoon();
    if (showingChanges) {
      showChanges();
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (!flushOnLeave()) {
      event.preventDefault();        // the browser asks before the unsaved change is lost
      event.returnValue = "";
    }
  });
  window.addEventListener("pagehide", flushOnLeave);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      flushOnLeave();
    }
  });

  fetch(root.dataset.draftSrc, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.text();
    })
    .then(function (xml) { return window.ChidaoBpmn.importDiagram(modeler, xml); })
    .then(exportNow)
    .then(function (xml) {
      savedXml = xml;       // what the server holds reads the same (nothing to save yet)
      canvas.zoom("fit-viewport", "auto");
      root.dataset.state = "ready";
      check();
    })
    .catch(function () {
      root.dataset.state = "error";
      setStatus(texts.loadFailed, "error");
    });
})();
