// Swagger UI over our own schema; a file of its own because the page allows no inline script.
"use strict";
(function () {
  var node = document.getElementById("swagger-ui");
  if (!node || typeof SwaggerUIBundle !== "function") return;
  SwaggerUIBundle({
    url: node.dataset.schema,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
