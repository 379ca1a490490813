package org.datong.auth;

import io.javalin.http.Context;
import org.datong.node.HttpError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Resolves who is calling from the {@code Authorization} header: HTTP Basic
 * (user and password) or {@code Bearer} API token. No header means the
 * anonymous caller; a header with wrong credentials is a 401 at once, so
 * a typo never silently downgrades a user to anonymous.
 */
public final class Authenticator {
    private static final String ATTRIBUTE = "datong.principal";

    private final Accounts accounts;

    public Authenticator(Accounts accounts) {
        this.accounts = accounts;
    }

    /** A before-handler: stores the caller in the request. */
    public void authenticate(Context ctx) {
        ctx.attribute(ATTRIBUTE, resolve(ctx.header("Authorization")));
    }

    /** The caller of a request that went through {@link #authenticate}. */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        return p == null ? Principal.ANONYMOUS : p;
    }

    Principal resolve(String header) {
        if (header == null || header.isBlank()) {
            return Principal.ANONYMOUS;
        }
        int sp = header.indexOf(' ');
        String scheme = sp < 0 ? header : header.substring(0, sp);
        String value = sp < 0 ? "" : header.substring(sp + 1).trim();
        if (scheme.equalsIgnoreCase("Basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HttpError.unauthorized("malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw HttpError.unauthorized("malformed Basic credentials");
            }
            return accounts.authenticateBasic(decoded.substring(0, colon), decoded.substring(colon + 1))
                    .orElseThrow(() -> HttpError.unauthorized("wrong user name or password"));
        }
        if (scheme.equalsIgnoreCase("Bearer")) {
            return accounts.authenticateToken(value)
                    .orElseThrow(() -> HttpError.unauthorized("unknown or revoked API token"));
        }
        throw HttpError.unauthorized("unsupported authentication scheme '" + scheme + "' (use Basic or Bearer)");
    }
}
