package org.datong.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP error a handler wants to answer with. The node turns it into the
 * TAXII error message format (TAXII 2.1 section 3.6.1) in one place,
 * {@code Node.errors}. Handlers of every feature throw it.
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final Map<String, String> headers;

    public HttpError(int status, String title, String description) {
        this(status, title, description, Map.of());
    }

    public HttpError(int status, String title, String description, Map<String, String> headers) {
        super(description);
        this.status = status;
        this.title = title;
        this.headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    public static HttpError badRequest(String description) {
        return new HttpError(400, "Bad request", description);
    }

    public static HttpError notFound(String description) {
        return new HttpError(404, "Not found", description);
    }

    public static HttpError forbidden(String description) {
        return new HttpError(403, "Forbidden", description);
    }

    /** 401 with the challenge for the schemes the node accepts. */
    public static HttpError unauthorized(String description) {
        return new HttpError(401, "Authentication required", description,
                Map.of("WWW-Authenticate", "Basic realm=\"datong\", Bearer realm=\"datong\""));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String description() {
        return getMessage();
    }

    /** Extra response headers (e.g. WWW-Authenticate). */
    public Map<String, String> headers() {
        return headers;
    }
}
