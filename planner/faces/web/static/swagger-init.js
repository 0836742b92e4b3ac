// Swagger UI on this server's own schema. An external file, not an inline script, so a strict CSP holds.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
