// Swagger UI on this server's own schema. An external file, not an inline script, so a strict CSP holds.
// validatorUrl null: no badge fetched from validator.swagger.io (nothing leaves this server).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null });
