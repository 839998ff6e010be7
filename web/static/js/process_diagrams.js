/* Read-only process diagrams with the bpmn-js viewer (vendored from npm): on a
   version's page, how many instances wait at each step (a count on the step, shaded
   by how many: data-waiting, element id → count); on the deploy review, what changed
   (data-marks, marker class → element ids). The XML comes from the access-checked
   download of each version or of the draft. */
(function () {
  "use strict";

  function parse(el, key) {
    try {
      return JSON.parse(el.dataset[key] || "{}");
    } catch (e) {
      return {};
    }
  }

  function fail(el) {
    el.dataset.state = "error";
    el.textContent = el.dataset.errorText || "";
  }

  function heat(count, most) {
    return Math.max(1, Math.min(5, Math.ceil(5 * count / most)));
  }

  function showWaiting(viewer, waiting) {
    var registry = viewer.get("elementRegistry");
    var canvas = viewer.get("canvas");
    var overlays = viewer.get("overlays");
    var counts = Object.keys(waiting).map(function (id) { return waiting[id]; });
    var most = Math.max.apply(null, counts.concat([1]));
    Object.keys(waiting).forEach(function (id) {
      if (!registry.get(id)) {
        return;
      }
      var level = heat(waiting[id], most);
      canvas.addMarker(id, "heat-" + level);
      var badge = document.createElement("div");
      badge.className = "waiting-count heat-badge-" + level;
      badge.dataset.element = id;
      badge.textContent = String(waiting[id]);
      overlays.add(id, "waiting", { position: { top: -12, right: 12 }, html: badge });
    });
  }

  // the shape standing for ``id``: the element itself, or the pool of a process
  function shapeOf(registry, id) {
    return registry.get(id) || registry.filter(function (e) {
      return e.type === "bpmn:Participant" && e.businessObject.processRef && e.businessObject.processRef.id === id;
    })[0] || null;
  }

  function showMarks(viewer, marks) {
    var registry = viewer.get("elementRegistry");
    var canvas = viewer.get("canvas");
    Object.keys(marks).forEach(function (cls) {
      (marks[cls] || []).forEach(function (id) {
        var shape = shapeOf(registry, id);
        if (shape) {
          canvas.addMarker(shape.id, cls);
        }
      });
    });
  }

  function draw(el) {
    if (typeof window.BpmnJS !== "function") {
      fail(el);
      return;
    }
    var viewer = new window.BpmnJS({ container: el });
    fetch(el.dataset.src, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        viewer.get("canvas").zoom("fit-viewport", "auto");
        showWaiting(viewer, parse(el, "waiting"));
        showMarks(viewer, parse(el, "marks"));
        el.dataset.state = "ready";
      })
      .catch(function () { fail(el); });
  }

  document.querySelectorAll("[data-process-diagram]").forEach(draw);
})();
