/* Draws a task's process diagram with the bpmn-js viewer (vendored from npm) and
   marks its steps: pending ones (data-pending, BPMN element ids) and done ones
   (data-done); then, from the task's path (data-path-src), every element passed
   through, the flows taken between them, the steps waiting for someone and the timers
   and signals waiting. The BPMN XML comes from the task's own access-checked endpoint. */
(function () {
  "use strict";

  function ids(el, key) {
    return (el.dataset[key] || "").split(/\s+/).filter(Boolean);
  }

  function mark(viewer, list, cls) {
    var canvas = viewer.get("canvas");
    var registry = viewer.get("elementRegistry");
    list.forEach(function (id) {
      if (registry.get(id)) {
        canvas.addMarker(id, cls);
      }
    });
  }

  // Readable size around the first pending step; the whole diagram when none is pending.
  function focus(viewer, pending) {
    var canvas = viewer.get("canvas");
    var first = pending.map(function (id) { return viewer.get("elementRegistry").get(id); })
      .filter(Boolean)[0];
    canvas.zoom("fit-viewport", "auto");
    if (first) {
      canvas.zoom(0.8);
      canvas.scrollToElement(first, { top: 160, bottom: 160, left: 260, right: 260 });
    }
  }

  // The "whole diagram" / "pending steps" buttons next to the diagram.
  function wire(el, viewer) {
    document.querySelectorAll("[data-diagram-zoom]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        if (button.dataset.diagramZoom === "fit") {
          viewer.get("canvas").zoom("fit-viewport", "auto");
        } else {
          focus(viewer, ids(el, "pending"));
        }
      });
    });
  }

  // a flow was taken when both its ends were reached
  function markFlows(viewer, reached) {
    var canvas = viewer.get("canvas");
    viewer.get("elementRegistry").filter(function (e) {
      return e.type === "bpmn:SequenceFlow" && e.source && e.target;
    }).forEach(function (flow) {
      if (reached[flow.source.id] && reached[flow.target.id]) {
        canvas.addMarker(flow.id, "path-taken");
      }
    });
  }

  function markPath(el, viewer) {
    if (!el.dataset.pathSrc) {
      return Promise.resolve();
    }
    return fetch(el.dataset.pathSrc, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (path) {
        if (!path) {
          return;
        }
        var reached = {};
        path.completed.concat(path.active, path.waiting).forEach(function (id) { reached[id] = true; });
        mark(viewer, path.completed.filter(function (id) { return path.active.indexOf(id) < 0; }), "step-done");
        mark(viewer, path.waiting, "step-waiting");
        mark(viewer, path.active, "step-pending");
        markFlows(viewer, reached);
        el.dataset.path = "ready";
      })
      .catch(function () { /* the steps marked from the page stay */ });
  }

  function fail(el) {
    el.dataset.state = "error";
    el.textContent = el.dataset.errorText || "";
  }

  function draw(el) {
    if (typeof window.BpmnJS !== "function") {
      fail(el);
      return;
    }
    var viewer = new window.BpmnJS({ container: el });
    fetch(el.dataset.src, { credentials: "same-origin", headers: { Accept: "application/xml" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        var pending = ids(el, "pending");
        mark(viewer, ids(el, "done").filter(function (id) { return pending.indexOf(id) < 0; }), "step-done");
        mark(viewer, ids(el, "pending"), "step-pending");
        focus(viewer, ids(el, "pending"));
        wire(el, viewer);
        el.dataset.state = "ready";
        return markPath(el, viewer);
      })
      .catch(fail);
  }

  document.querySelectorAll("[data-bpmn-diagram]").forEach(draw);
})();
