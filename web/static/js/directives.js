// Manual directive entry and review: add task rows without a round trip, and add an
// agency chosen from the list to a lead/coordinating box. Without JavaScript the
// «Thêm nhiệm vụ» button posts the form and the server adds the row.
(function () {
  "use strict";

  function appendAgency(button) {
    var picker = button.closest(".picker");
    var input = picker.querySelector(".pick-input");
    var target = document.getElementById(picker.getAttribute("data-target"));
    var value = (input.value || "").trim();
    if (!target || !value) { return; }
    var current = target.value.replace(/\s+$/, "");
    target.value = current ? current + "\n" + value : value;
    input.value = "";
    input.focus();
  }

  function renumber(node, index) {
    node.querySelectorAll("[name], [id], .picker").forEach(function (el) {
      ["name", "id", "data-target"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/^tasks-\d+-/, "tasks-" + index + "-")); }
      });
    });
  }

  function clear(node) {
    node.querySelectorAll("input[type=text], textarea").forEach(function (el) { el.value = ""; });
    node.querySelectorAll("input[type=checkbox]").forEach(function (el) { el.checked = false; });
    node.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; });
    node.querySelectorAll(".low-field").forEach(function (el) { el.classList.remove("low-field"); });
  }

  function addRow(event) {
    var rows = document.getElementById("task-rows");
    var last = rows && rows.querySelector(".task-row:last-of-type");
    if (!last) { return; }
    event.preventDefault();
    var index = 0;
    rows.querySelectorAll(".task-row").forEach(function (row) {
      index = Math.max(index, parseInt(row.getAttribute("data-index"), 10) + 1);
    });
    var copy = last.cloneNode(true);
    copy.setAttribute("data-index", String(index));
    renumber(copy, index);
    clear(copy);
    var legend = copy.querySelector("legend");
    if (legend) { legend.textContent = legend.textContent.replace(/\d+\s*$/, String(rows.children.length + 1)); }
    rows.appendChild(copy);
    var first = copy.querySelector("input[type=text]");
    if (first) { first.focus(); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".pick-add");
    if (button) { appendAgency(button); return; }
    if (event.target.closest("#add-row")) { addRow(event); }
  });
})();
