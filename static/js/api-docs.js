// Draws the API's reference from its schema; a file of the site, not an inline script, for the CSP.
(function () {
  var target = document.getElementById("swagger-ui");
  if (!target || !window.SwaggerUIBundle) {
    return;
  }
  window.SwaggerUIBundle({
    url: target.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The page's own session signs the "Try it out" requests, with the CSRF token of the site.
    requestInterceptor: function (request) {
      var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      if (match) {
        request.headers["X-CSRFToken"] = match[1];
      }
      return request;
    },
  });
})();
