/* Step forms: a field required only for one answer of another field (e.g. the
   officer when the leader accepts, the comment when a report is returned) shows its
   required mark when that answer is chosen. The server checks everything anyway. */
(function () {
  "use strict";

  function chosen(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    if (checked) {
      return checked.value;
    }
    var select = form.querySelector('select[name="' + name + '"]');
    return select ? select.value : "";
  }

  function refresh(form) {
    form.querySelectorAll("[data-required-when]").forEach(function (field) {
      var on = chosen(form, field.dataset.requiredWhen) === field.dataset.requiredValue;
      field.classList.toggle("is-required", on);
    });
  }

  document.querySelectorAll("form[data-step-form]").forEach(function (form) {
    form.addEventListener("change", function () { refresh(form); });
    refresh(form);
  });
})();
