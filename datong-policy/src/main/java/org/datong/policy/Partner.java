package org.datong.policy;

import org.datong.stix.StixId;

import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A member this node shares with.
 *
 * @param identityId the partner's STIX identity id ({@code identity--...})
 * @param name       a short name, unique on this node (letters, digits, {@code . _ -})
 * @param jurisdiction ISO 3166-1 alpha-2 country code, upper case
 * @param sector     free-text sector (may be null)
 * @param publicKey  the partner's Ed25519 public key as base64url (no padding) of its raw 32 bytes, or null
 */
public record Partner(String identityId, String name, String jurisdiction, String sector, String publicKey) {
    /** An Ed25519 public key is 32 raw bytes. */
    public static final int ED25519_KEY_BYTES = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** Checks every field; throws {@link IllegalArgumentException} naming the field and the rule. */
    public Partner {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("partner name '" + name
                    + "' is not valid: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (identityId == null || !"identity".equals(StixId.typeOf(identityId)) || StixId.problem(identityId) != null) {
            throw new IllegalArgumentException("partner identity '" + identityId
                    + "' is not a STIX identity id (identity--<UUID>)");
        }
        jurisdiction = checkJurisdiction(jurisdiction);
        if (sector != null && sector.isBlank()) {
            sector = null;
        }
        if (publicKey != null) {
            decodeKey(publicKey);
        }
    }

    /** The public key's 32 raw bytes, or null when the partner has none. */
    public byte[] publicKeyBytes() {
        return publicKey == null ? null : decodeKey(publicKey);
    }

    /** True when both are in the same jurisdiction. */
    public boolean domesticTo(String ownJurisdiction) {
        return jurisdiction.equals(ownJurisdiction);
    }

    /** An ISO 3166-1 alpha-2 code, upper-cased; throws when it is not one. */
    public static String checkJurisdiction(String code) {
        String cc = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(cc)) {
            throw new IllegalArgumentException("jurisdiction '" + code
                    + "' is not an ISO 3166-1 alpha-2 country code (for example CN, DE, US)");
        }
        return cc;
    }

    /** Decodes a base64url Ed25519 public key, checking it is 32 bytes. */
    public static byte[] decodeKey(String base64url) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(base64url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key is not base64url: " + e.getMessage());
        }
        if (raw.length != ED25519_KEY_BYTES) {
            throw new IllegalArgumentException("public key must be the 32 raw bytes of an Ed25519 key, base64url-encoded; got "
                    + raw.length + " bytes");
        }
        return raw;
    }
}
