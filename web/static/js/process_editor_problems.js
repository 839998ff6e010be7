/* The server's verdict on the diagram in the process editor: each problem outlined on
   its element with its message beside it, listed above the diagram (a click goes to the
   element), and shown on the field of the properties panel it is about when that
   element is selected. window.ChidaoEditorProblems(modeler, listBox, okBox, texts)
   returns { show(problems), refreshPanel() }. */
(function () {
  "use strict";

  // the properties panel's entry a problem is about, if chidao's groups show it
  var PART_ENTRIES = {
    script: "chidao-script", conditionExpression: "chidao-condition", timeDate: "chidao-timer-expression",
    timeDuration: "chidao-timer-expression", timeCycle: "chidao-timer-expression"
  };

  function entryOf(problem) {
    if (problem.parameter) {
      return "chidao-param-" + problem.parameter;
    }
    return problem.part ? PART_ENTRIES[problem.part] || "chidao-" + problem.part : null;
  }

  window.ChidaoEditorProblems = function (modeler, listBox, okBox, texts) {
    var canvas = modeler.get("canvas");
    var overlays = modeler.get("overlays");
    var registry = modeler.get("elementRegistry");
    var eventBus = modeler.get("eventBus");
    var problems = [];
    var marked = [];

    // the shape a problem of ``id`` belongs to (a process: its pool)
    function shapeOf(id) {
      var element = id && registry.get(id);
      if (element) {
        return element;
      }
      return registry.filter(function (e) {
        return e.type === "bpmn:Participant" && e.businessObject.processRef && e.businessObject.processRef.id === id;
      })[0] || null;
    }

    function refreshPanel() {
      var selected = modeler.get("selection").get();
      var errors = {};
      if (selected.length === 1) {
        var bo = selected[0].businessObject;
        var ids = [selected[0].id, bo && bo.processRef && bo.processRef.id];
        problems.forEach(function (problem) {
          var entry = entryOf(problem);
          if (entry && ids.indexOf(problem.element) >= 0) {
            errors[entry] = problem.message;
          }
        });
      }
      eventBus.fire("propertiesPanel.setErrors", { errors: errors });
    }

    function clear() {
      marked.forEach(function (id) { canvas.removeMarker(id, "chidao-problem"); });
      marked = [];
      overlays.remove({ type: "chidao-problem" });
    }

    function listed(problem, shape) {
      var item = document.createElement("li");
      item.className = "problem";
      item.dataset.element = problem.element || "";
      var where = document.createElement("strong");
      where.textContent = shape ? (shape.businessObject.name || shape.id) : texts.wholeDiagram;
      item.appendChild(where);
      item.appendChild(document.createTextNode(": " + problem.message));
      if (shape) {
        item.tabIndex = 0;
        item.addEventListener("click", function () {
          canvas.scrollToElement(shape, { top: 200, left: 300, right: 300, bottom: 200 });
          modeler.get("selection").select(shape);
        });
      }
      return item;
    }

    function mark(problem, shape) {
      canvas.addMarker(shape.id, "chidao-problem");
      marked.push(shape.id);
      var bubble = document.createElement("div");
      bubble.className = "problem-bubble";
      bubble.textContent = problem.message;
      overlays.add(shape.id, "chidao-problem", { position: { bottom: -6, left: 0 }, html: bubble });
    }

    function show(found) {
      clear();
      problems = found;
      var list = listBox.querySelector("ul");
      list.innerHTML = "";
      found.forEach(function (problem) {
        var shape = shapeOf(problem.element);
        if (shape) {
          mark(problem, shape);
        }
        list.appendChild(listed(problem, shape));
      });
      listBox.hidden = found.length === 0;
      okBox.hidden = found.length !== 0;
      refreshPanel();
    }

    return { show: show, refreshPanel: refreshPanel };
  };
})();
