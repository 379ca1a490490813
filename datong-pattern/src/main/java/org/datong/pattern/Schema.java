package org.datong.pattern;

import java.util.HashMap;
import java.util.Map;

/**
 * The cyber-observable object types of STIX 2.1 section 6 and the types of
 * their top-level properties: what the checker needs to warn about unknown
 * types and properties and to reject constants of the wrong type, and what the
 * evaluator needs to compare natively (timestamps, binary and hex values).
 */
final class Schema {
    /** The data type of a property, as far as comparisons care. */
    enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, TIMESTAMP, BINARY, HEX, REF, REFS, DICT, STRINGS, OBJECTS }

    private static final String COMMON = "type:s id:s spec_version:s object_marking_refs:R granular_markings:O defanged:b extensions:d";

    /** type -> "name:kind ..." with kinds s string, i integer, f float, b boolean, t timestamp, B binary, h hex, r ref, R refs, d dictionary, l list of strings, O list of objects. */
    private static final String[][] TYPES = {
            {"artifact", "mime_type:s payload_bin:B url:s hashes:d encryption_algorithm:s decryption_key:s"},
            {"autonomous-system", "number:i name:s rir:s"},
            {"directory", "path:s path_enc:s ctime:t mtime:t atime:t contains_refs:R"},
            {"domain-name", "value:s resolves_to_refs:R"},
            {"email-addr", "value:s display_name:s belongs_to_ref:r"},
            {"email-message", "is_multipart:b date:t content_type:s from_ref:r sender_ref:r to_refs:R cc_refs:R bcc_refs:R"
                    + " message_id:s subject:s received_lines:l additional_header_fields:d body:s body_multipart:O raw_email_ref:r"},
            {"file", "hashes:d size:i name:s name_enc:s magic_number_hex:h mime_type:s ctime:t mtime:t atime:t"
                    + " parent_directory_ref:r contains_refs:R content_ref:r"},
            {"ipv4-addr", "value:s resolves_to_refs:R belongs_to_refs:R"},
            {"ipv6-addr", "value:s resolves_to_refs:R belongs_to_refs:R"},
            {"mac-addr", "value:s"},
            {"mutex", "name:s"},
            {"network-traffic", "start:t end:t is_active:b src_ref:r dst_ref:r src_port:i dst_port:i protocols:l"
                    + " src_byte_count:i dst_byte_count:i src_packets:i dst_packets:i ipfix:d src_payload_ref:r"
                    + " dst_payload_ref:r encapsulates_refs:R encapsulated_by_ref:r"},
            {"process", "is_hidden:b pid:i created_time:t cwd:s command_line:s environment_variables:d"
                    + " opened_connection_refs:R creator_user_ref:r image_ref:r parent_ref:r child_refs:R"},
            {"software", "name:s cpe:s swid:s languages:l vendor:s version:s"},
            {"url", "value:s"},
            {"user-account", "user_id:s credential:s account_login:s account_type:s display_name:s is_service_account:b"
                    + " is_privileged:b can_escalate_privs:b is_disabled:b account_created:t account_expires:t"
                    + " credential_last_changed:t account_first_login:t account_last_login:t"},
            {"windows-registry-key", "key:s values:O modified_time:t creator_user_ref:r number_of_subkeys:i"},
            {"x509-certificate", "is_self_signed:b hashes:d version:s serial_number:s signature_algorithm:s issuer:s"
                    + " validity_not_before:t validity_not_after:t subject:s subject_public_key_algorithm:s"
                    + " subject_public_key_modulus:s subject_public_key_exponent:i x509_v3_extensions:d"},
    };

    private static final Map<String, Map<String, Kind>> BY_TYPE = new HashMap<>();

    static {
        for (String[] t : TYPES) {
            Map<String, Kind> props = new HashMap<>();
            for (String spec : (COMMON + " " + t[1]).split(" ")) {
                int colon = spec.indexOf(':');
                props.put(spec.substring(0, colon), kind(spec.charAt(colon + 1)));
            }
            BY_TYPE.put(t[0], Map.copyOf(props));
        }
    }

    private Schema() {
    }

    private static Kind kind(char c) {
        return switch (c) {
            case 's' -> Kind.STRING;
            case 'i' -> Kind.INTEGER;
            case 'f' -> Kind.FLOAT;
            case 'b' -> Kind.BOOLEAN;
            case 't' -> Kind.TIMESTAMP;
            case 'B' -> Kind.BINARY;
            case 'h' -> Kind.HEX;
            case 'r' -> Kind.REF;
            case 'R' -> Kind.REFS;
            case 'd' -> Kind.DICT;
            case 'l' -> Kind.STRINGS;
            case 'O' -> Kind.OBJECTS;
            default -> throw new IllegalArgumentException("unknown kind " + c);
        };
    }

    static boolean isKnownType(String type) {
        return BY_TYPE.containsKey(type);
    }

    /** A custom object type or property name by the STIX 2.0 convention ({@code x-}, {@code x_}) or any type not in section 6. */
    static boolean isCustomType(String type) {
        return type.startsWith("x-");
    }

    /** The kind of a top-level property of a known type, or null when either is unknown. */
    static Kind property(String type, String name) {
        Map<String, Kind> props = BY_TYPE.get(type);
        return props == null ? null : props.get(name);
    }

    /** True when the property name alone says the value is binary (ends in _bin) or hex (ends in _hex). */
    static Kind bySuffix(String name) {
        if (name.endsWith("_bin")) {
            return Kind.BINARY;
        }
        if (name.endsWith("_hex")) {
            return Kind.HEX;
        }
        return null;
    }

    /** STIX 2.1 section 3.1: lower-case ASCII letters, digits and hyphens, 3 to 250 characters, no double or edge hyphens. */
    static String typeNameProblem(String type) {
        if (type.length() < 3 || type.length() > 250) {
            return "object type '" + type + "' must be 3 to 250 characters long";
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return "object type '" + type + "' may only contain lower-case letters, digits and hyphens";
            }
        }
        if (type.startsWith("-") || type.endsWith("-") || type.contains("--")) {
            return "object type '" + type + "' must not start or end with a hyphen or contain '--'";
        }
        return null;
    }
}
