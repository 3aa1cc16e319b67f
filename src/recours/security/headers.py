"""Response headers that confine every page to this site (docs/security.md, V14).

Django's SecurityMiddleware already sends nosniff, the referrer policy, COOP and, in production,
HSTS; X-Frame-Options comes from the clickjacking middleware. This adds what Django lacks.
"""

# Nothing from another origin, no inline script or style, no plugins, no framing, forms post
# only here. htmx and the quick-exit script are files served from /static/.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    ]
)


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("X-Permitted-Cross-Domain-Policies", "none")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Case pages must not linger in a shared computer's cache or back-button history.
            response.headers["Cache-Control"] = "no-store"
        return response

    return middleware
