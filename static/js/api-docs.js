/* Swagger UI for the API docs page (templates/indices/api_docs.html), without deep links: with them each
 * operation's summary button holds a link, a control inside a control that a screen reader cannot use. */
(function () {
  "use strict";

  function start() {
    var root = document.getElementById("swagger-ui");
    window.SwaggerUIBundle({
      url: root.dataset.schemaUrl,
      domNode: root,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      deepLinking: false
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
