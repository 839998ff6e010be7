/* Swagger UI on /api/v1/docs, reading the document named by #swagger-ui's data-spec
   (a separate file: the Content-Security-Policy allows no inline script). */
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.chidaoApiDocs = SwaggerUIBundle({
    url: root.dataset.spec,
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null
  });
});
