package org.datong.stix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The STIX 2.1 object model as data: for every object type of sections 4 to
 * 8, every property with its type, whether it is required, the vocabulary it
 * draws from and the object types it may reference; the predefined SCO
 * extensions of section 6 and the nested types (kill-chain-phase,
 * external-reference, granular-marking, ...).
 *
 * <p>Design: one table drives both the {@link Validator} and the test
 * generators, so a rule is written once. Common properties (section 3.2) are
 * added per category, not repeated per type. Rules that relate several
 * properties (time order, "at least one of") live in the validator.
 */
final class StixTypes {

    /** The type of a property value (section 2). */
    sealed interface Kind {
    }

    record Str() implements Kind {
    }

    record Int(long min, long max) implements Kind {
    }

    record Flt(double min, double max) implements Kind {
    }

    record Bool() implements Kind {
    }

    record Ts() implements Kind {
    }

    record Hex() implements Kind {
    }

    record Bin() implements Kind {
    }

    record Hashes() implements Kind {
    }

    /** A dictionary; {@code values} is null when any JSON value may appear. */
    record Dict(Kind values) implements Kind {
    }

    /** Any JSON value (deprecated or free-form content). */
    record Any() implements Kind {
    }

    /**
     * An identifier referencing another object.
     *
     * @param allowed  which types it may point to
     * @param expected how to say that in a message, like "identity"
     */
    record Ref(Predicate<String> allowed, String expected) implements Kind {
    }

    record Vocab(String name) implements Kind {
    }

    record ListOf(Kind item) implements Kind {
    }

    record Nested(Shape shape) implements Kind {
    }

    /**
     * A property.
     *
     * @param name     its JSON name
     * @param kind     its type
     * @param required whether it must be present
     */
    record Prop(String name, Kind kind, boolean required) {
    }

    /**
     * The properties of an object, extension or nested type.
     *
     * @param name           the type name, like {@code file} or {@code ntfs-ext}
     * @param section        the section that defines it
     * @param props          properties by name, in specification order
     * @param atLeastOneOf   when not empty, at least one of these must be present
     */
    record Shape(String name, String section, Map<String, Prop> props, List<String> atLeastOneOf) {
        Prop prop(String name) {
            return props.get(name);
        }
    }

    /**
     * An object type.
     *
     * @param shape          its properties, common ones included
     * @param category       SDO, SRO, SCO or SMO
     * @param notApplicable  common properties the type does not use
     * @param extensions     predefined extensions (SCOs only), by name
     */
    record TypeSpec(Shape shape, Category category, Set<String> notApplicable, Map<String, Shape> extensions) {
        String type() {
            return shape.name();
        }

        String section() {
            return shape.section();
        }
    }

    static final Kind STRING = new Str();
    static final Kind BOOLEAN = new Bool();
    static final Kind TIMESTAMP = new Ts();
    static final Kind HEX = new Hex();
    static final Kind BINARY = new Bin();
    static final Kind HASHES = new Hashes();
    static final Kind INTEGER = new Int(Long.MIN_VALUE, Long.MAX_VALUE);
    static final Kind NON_NEGATIVE = new Int(0, Long.MAX_VALUE);
    static final Kind FLOAT = new Flt(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    static final Kind DICT = new Dict(null);
    static final Kind ANY = new Any();
    static final Kind STRINGS = new ListOf(STRING);
    /** TCP/UDP port numbers (section 6.12.1). */
    static final Kind PORT = new Int(0, 65535);

    static Kind ref(String... types) {
        Set<String> set = Set.of(types);
        return new Ref(set::contains, String.join(" or ", types));
    }

    static Kind refs(String... types) {
        return new ListOf(ref(types));
    }

    static Kind vocab(String name) {
        Vocabularies.get(name);
        return new Vocab(name);
    }

    static Kind vocabs(String name) {
        return new ListOf(vocab(name));
    }

    static final Kind ANY_REF = new Ref(t -> true, "any STIX object");
    static final Kind SDO_OR_SCO_REF = new Ref(t -> {
        Category c = Category.of(t);
        return c == Category.SDO || c == Category.SCO || c == Category.CUSTOM;
    }, "an SDO or SCO");
    static final Kind SDO_REF = new Ref(t -> {
        Category c = Category.of(t);
        return c == Category.SDO || c == Category.CUSTOM;
    }, "an SDO");

    /** Builds a {@link Shape}. */
    static final class ShapeBuilder {
        private final String name;
        private final String section;
        private final Map<String, Prop> props = new LinkedHashMap<>();
        private List<String> atLeastOne = List.of();

        ShapeBuilder(String name, String section) {
            this.name = name;
            this.section = section;
        }

        ShapeBuilder req(String prop, Kind kind) {
            props.put(prop, new Prop(prop, kind, true));
            return this;
        }

        ShapeBuilder opt(String prop, Kind kind) {
            props.put(prop, new Prop(prop, kind, false));
            return this;
        }

        ShapeBuilder atLeastOne(String... names) {
            atLeastOne = List.of(names);
            return this;
        }

        /** At least one of the properties defined so far (other than {@code type}). */
        ShapeBuilder atLeastOneProperty() {
            List<String> all = new ArrayList<>(props.keySet());
            all.remove("type");
            atLeastOne = List.copyOf(all);
            return this;
        }

        Shape build() {
            return new Shape(name, section, Collections.unmodifiableMap(props), atLeastOne);
        }
    }

    static ShapeBuilder shape(String name, String section) {
        return new ShapeBuilder(name, section);
    }

    // ---- nested types of section 2 and 7 ----

    static final Shape KILL_CHAIN_PHASE = shape("kill-chain-phase", "2.11")
            .req("kill_chain_name", STRING).req("phase_name", STRING).build();

    static final Shape EXTERNAL_REFERENCE = shape("external-reference", "2.5")
            .req("source_name", STRING).opt("description", STRING).opt("url", STRING)
            .opt("hashes", HASHES).opt("external_id", STRING).build();

    static final Shape GRANULAR_MARKING = shape("granular-marking", "7.2.3")
            .opt("lang", STRING).opt("marking_ref", ref("marking-definition")).req("selectors", STRINGS).build();

    static final Kind KILL_CHAIN_PHASES = new ListOf(new Nested(KILL_CHAIN_PHASE));

    // ---- the object types ----

    private static final Map<String, TypeSpec> TYPES = new LinkedHashMap<>();

    static final Set<String> SDO_COMMON = Set.of("type", "spec_version", "id", "created", "modified",
            "created_by_ref", "revoked", "labels", "confidence", "lang", "external_references",
            "object_marking_refs", "granular_markings", "extensions");

    /** Every common property of section 3.2. */
    static final Set<String> COMMON = Set.of("type", "spec_version", "id", "created", "modified",
            "created_by_ref", "revoked", "labels", "confidence", "lang", "external_references",
            "object_marking_refs", "granular_markings", "defanged", "extensions");

    /** Property names reserved by section 3.8. */
    static final Set<String> RESERVED = Set.of("severity", "username", "phone_number", "action");

    private static ShapeBuilder common(String type, String section, Category category, Set<String> required,
                                       Set<String> notApplicable) {
        ShapeBuilder b = shape(type, section);
        addCommon(b, "type", STRING, required);
        addCommon(b, "spec_version", STRING, required);
        addCommon(b, "id", ANY_REF, required);
        for (String p : List.of("created", "modified")) {
            if (!notApplicable.contains(p)) {
                addCommon(b, p, TIMESTAMP, required);
            }
        }
        Map<String, Kind> optional = new LinkedHashMap<>();
        optional.put("created_by_ref", ref("identity"));
        optional.put("revoked", BOOLEAN);
        optional.put("labels", STRINGS);
        optional.put("confidence", new Int(0, 100));
        optional.put("lang", STRING);
        optional.put("external_references", new ListOf(new Nested(EXTERNAL_REFERENCE)));
        optional.put("object_marking_refs", refs("marking-definition"));
        optional.put("granular_markings", new ListOf(new Nested(GRANULAR_MARKING)));
        optional.put("defanged", BOOLEAN);
        optional.put("extensions", DICT);
        optional.forEach((p, k) -> {
            if (!notApplicable.contains(p)) {
                addCommon(b, p, k, required);
            }
        });
        return b;
    }

    private static void addCommon(ShapeBuilder b, String p, Kind k, Set<String> required) {
        if (required.contains(p)) {
            b.req(p, k);
        } else {
            b.opt(p, k);
        }
    }

    private static final Set<String> SDO_REQUIRED = Set.of("type", "spec_version", "id", "created", "modified");
    private static final Set<String> SDO_NOT_APPLICABLE = Set.of("defanged");
    private static final Set<String> SCO_REQUIRED = Set.of("type", "id");
    private static final Set<String> SCO_NOT_APPLICABLE = Set.of("created_by_ref", "revoked", "labels", "confidence",
            "lang", "external_references", "created", "modified");

    private static ShapeBuilder sdo(String type, String section) {
        return common(type, section, Category.SDO, SDO_REQUIRED, SDO_NOT_APPLICABLE);
    }

    private static ShapeBuilder sco(String type, String section) {
        return common(type, section, Category.SCO, SCO_REQUIRED, SCO_NOT_APPLICABLE);
    }

    private static void register(ShapeBuilder b, Category category, Set<String> notApplicable,
                                 Map<String, Shape> extensions) {
        Shape s = b.build();
        TYPES.put(s.name(), new TypeSpec(s, category, notApplicable, extensions));
    }

    private static void sdo(ShapeBuilder b) {
        register(b, Category.SDO, SDO_NOT_APPLICABLE, Map.of());
    }

    private static void sco(ShapeBuilder b, Shape... extensions) {
        Map<String, Shape> ext = new LinkedHashMap<>();
        for (Shape e : extensions) {
            ext.put(e.name(), e);
        }
        register(b, Category.SCO, SCO_NOT_APPLICABLE, Collections.unmodifiableMap(ext));
    }

    static {
        // ---- section 4: domain objects ----
        sdo(sdo("attack-pattern", "4.1").req("name", STRING).opt("description", STRING).opt("aliases", STRINGS)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES));
        sdo(sdo("campaign", "4.2").req("name", STRING).opt("description", STRING).opt("aliases", STRINGS)
                .opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP).opt("objective", STRING));
        sdo(sdo("course-of-action", "4.3").req("name", STRING).opt("description", STRING));
        sdo(sdo("grouping", "4.4").req("name", STRING).opt("description", STRING)
                .req("context", vocab("grouping-context-ov")).req("object_refs", new ListOf(ANY_REF)));
        sdo(sdo("identity", "4.5").req("name", STRING).opt("description", STRING).opt("roles", STRINGS)
                .opt("identity_class", vocab("identity-class-ov")).opt("sectors", vocabs("industry-sector-ov"))
                .opt("contact_information", STRING));
        sdo(sdo("incident", "4.6").req("name", STRING).opt("description", STRING));
        sdo(sdo("indicator", "4.7").opt("name", STRING).opt("description", STRING)
                .opt("indicator_types", vocabs("indicator-type-ov")).req("pattern", STRING)
                .req("pattern_type", vocab("pattern-type-ov")).opt("pattern_version", STRING)
                .req("valid_from", TIMESTAMP).opt("valid_until", TIMESTAMP).opt("kill_chain_phases", KILL_CHAIN_PHASES));
        sdo(sdo("infrastructure", "4.8").req("name", STRING).opt("description", STRING)
                .opt("infrastructure_types", vocabs("infrastructure-type-ov")).opt("aliases", STRINGS)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES).opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP));
        sdo(sdo("intrusion-set", "4.9").req("name", STRING).opt("description", STRING).opt("aliases", STRINGS)
                .opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP).opt("goals", STRINGS)
                .opt("resource_level", vocab("attack-resource-level-ov"))
                .opt("primary_motivation", vocab("attack-motivation-ov"))
                .opt("secondary_motivations", vocabs("attack-motivation-ov")));
        sdo(sdo("location", "4.10").opt("name", STRING).opt("description", STRING)
                .opt("latitude", new Flt(-90, 90)).opt("longitude", new Flt(-180, 180))
                .opt("precision", new Flt(0, Double.POSITIVE_INFINITY)).opt("region", vocab("region-ov"))
                .opt("country", STRING).opt("administrative_area", STRING).opt("city", STRING)
                .opt("street_address", STRING).opt("postal_code", STRING));
        sdo(sdo("malware", "4.11").opt("name", STRING).opt("description", STRING)
                .opt("malware_types", vocabs("malware-type-ov")).opt("is_family", BOOLEAN).opt("aliases", STRINGS)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES).opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP)
                .opt("operating_system_refs", refs("software"))
                .opt("architecture_execution_envs", vocabs("processor-architecture-ov"))
                .opt("implementation_languages", vocabs("implementation-language-ov"))
                .opt("capabilities", vocabs("malware-capabilities-ov")).opt("sample_refs", refs("file", "artifact")));
        sdo(sdo("malware-analysis", "4.12").req("product", STRING).opt("version", STRING)
                .opt("host_vm_ref", ref("software")).opt("operating_system_ref", ref("software"))
                .opt("installed_software_refs", refs("software")).opt("configuration_version", STRING)
                .opt("modules", STRINGS).opt("analysis_engine_version", STRING)
                .opt("analysis_definition_version", STRING).opt("submitted", TIMESTAMP)
                .opt("analysis_started", TIMESTAMP).opt("analysis_ended", TIMESTAMP).opt("result_name", STRING)
                .opt("result", vocab("malware-result-ov"))
                .opt("analysis_sco_refs", new ListOf(new Ref(t -> Category.of(t) == Category.SCO
                        || Category.of(t) == Category.CUSTOM, "an SCO")))
                .opt("sample_ref", ref("file", "network-traffic", "artifact")));
        sdo(sdo("note", "4.13").opt("abstract", STRING).req("content", STRING).opt("authors", STRINGS)
                .req("object_refs", new ListOf(ANY_REF)));
        sdo(sdo("observed-data", "4.14").req("first_observed", TIMESTAMP).req("last_observed", TIMESTAMP)
                .req("number_observed", new Int(1, 999_999_999)).opt("objects", new Dict(null))
                .opt("object_refs", new ListOf(new Ref(t -> Category.of(t) == Category.SCO
                        || Category.of(t) == Category.SRO || Category.of(t) == Category.CUSTOM, "an SCO or SRO"))));
        sdo(sdo("opinion", "4.15").opt("explanation", STRING).opt("authors", STRINGS)
                .req("opinion", vocab("opinion-enum")).req("object_refs", new ListOf(ANY_REF)));
        sdo(sdo("report", "4.16").req("name", STRING).opt("description", STRING)
                .opt("report_types", vocabs("report-type-ov")).req("published", TIMESTAMP)
                .req("object_refs", new ListOf(ANY_REF)));
        sdo(sdo("threat-actor", "4.17").req("name", STRING).opt("description", STRING)
                .opt("threat_actor_types", vocabs("threat-actor-type-ov")).opt("aliases", STRINGS)
                .opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP)
                .opt("roles", vocabs("threat-actor-role-ov")).opt("goals", STRINGS)
                .opt("sophistication", vocab("threat-actor-sophistication-ov"))
                .opt("resource_level", vocab("attack-resource-level-ov"))
                .opt("primary_motivation", vocab("attack-motivation-ov"))
                .opt("secondary_motivations", vocabs("attack-motivation-ov"))
                .opt("personal_motivations", vocabs("attack-motivation-ov")));
        sdo(sdo("tool", "4.18").req("name", STRING).opt("description", STRING)
                .opt("tool_types", vocabs("tool-type-ov")).opt("aliases", STRINGS)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES).opt("tool_version", STRING));
        sdo(sdo("vulnerability", "4.19").req("name", STRING).opt("description", STRING));

        // ---- section 5: relationship objects ----
        register(common("relationship", "5.1", Category.SRO, SDO_REQUIRED, SDO_NOT_APPLICABLE)
                .req("relationship_type", STRING).opt("description", STRING)
                .req("source_ref", SDO_OR_SCO_REF).req("target_ref", SDO_OR_SCO_REF)
                .opt("start_time", TIMESTAMP).opt("stop_time", TIMESTAMP), Category.SRO, SDO_NOT_APPLICABLE, Map.of());
        register(common("sighting", "5.2", Category.SRO, SDO_REQUIRED, SDO_NOT_APPLICABLE)
                .opt("description", STRING).opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP)
                .opt("count", new Int(0, 999_999_999)).req("sighting_of_ref", SDO_REF)
                .opt("observed_data_refs", refs("observed-data"))
                .opt("where_sighted_refs", refs("identity", "location")).opt("summary", BOOLEAN),
                Category.SRO, SDO_NOT_APPLICABLE, Map.of());

        // ---- section 6: cyber-observable objects ----
        sco(sco("artifact", "6.1").opt("mime_type", STRING).opt("payload_bin", BINARY).opt("url", STRING)
                .opt("hashes", HASHES).opt("encryption_algorithm", vocab("encryption-algorithm-enum"))
                .opt("decryption_key", STRING));
        sco(sco("autonomous-system", "6.2").req("number", NON_NEGATIVE).opt("name", STRING).opt("rir", STRING));
        sco(sco("directory", "6.3").req("path", STRING).opt("path_enc", STRING).opt("ctime", TIMESTAMP)
                .opt("mtime", TIMESTAMP).opt("atime", TIMESTAMP).opt("contains_refs", refs("file", "directory")));
        sco(sco("domain-name", "6.4").req("value", STRING)
                .opt("resolves_to_refs", refs("ipv4-addr", "ipv6-addr", "domain-name")));
        sco(sco("email-addr", "6.5").req("value", STRING).opt("display_name", STRING)
                .opt("belongs_to_ref", ref("user-account")));
        Shape mimePart = shape("email-mime-part-type", "6.6.2").opt("body", STRING)
                .opt("body_raw_ref", ref("artifact", "file")).opt("content_type", STRING)
                .opt("content_disposition", STRING).build();
        sco(sco("email-message", "6.6").req("is_multipart", BOOLEAN).opt("date", TIMESTAMP)
                .opt("content_type", STRING).opt("from_ref", ref("email-addr")).opt("sender_ref", ref("email-addr"))
                .opt("to_refs", refs("email-addr")).opt("cc_refs", refs("email-addr")).opt("bcc_refs", refs("email-addr"))
                .opt("message_id", STRING).opt("subject", STRING).opt("received_lines", STRINGS)
                .opt("additional_header_fields", DICT).opt("body", STRING)
                .opt("body_multipart", new ListOf(new Nested(mimePart))).opt("raw_email_ref", ref("artifact")));

        Shape archive = shape("archive-ext", "6.7.2").req("contains_refs", refs("file", "directory"))
                .opt("comment", STRING).build();
        Shape ads = shape("alternate-data-stream-type", "6.7.3").req("name", STRING).opt("hashes", HASHES)
                .opt("size", NON_NEGATIVE).build();
        Shape ntfs = shape("ntfs-ext", "6.7.3").opt("sid", STRING)
                .opt("alternate_data_streams", new ListOf(new Nested(ads))).atLeastOneProperty().build();
        Shape pdf = shape("pdf-ext", "6.7.4").opt("version", STRING).opt("is_optimized", BOOLEAN)
                .opt("document_info_dict", new Dict(STRING)).opt("pdfid0", STRING).opt("pdfid1", STRING)
                .atLeastOneProperty().build();
        Shape raster = shape("raster-image-ext", "6.7.5").opt("image_height", NON_NEGATIVE)
                .opt("image_width", NON_NEGATIVE).opt("bits_per_pixel", NON_NEGATIVE).opt("exif_tags", DICT)
                .atLeastOneProperty().build();
        ShapeBuilder optionalHeader = shape("windows-pe-optional-header-type", "6.7.6").opt("magic_hex", HEX);
        for (String p : List.of("major_linker_version", "minor_linker_version", "size_of_code",
                "size_of_initialized_data", "size_of_uninitialized_data", "address_of_entry_point", "base_of_code",
                "base_of_data", "image_base", "section_alignment", "file_alignment", "major_os_version",
                "minor_os_version", "major_image_version", "minor_image_version", "major_subsystem_version",
                "minor_subsystem_version")) {
            optionalHeader.opt(p, INTEGER);
        }
        optionalHeader.opt("win32_version_value_hex", HEX).opt("size_of_image", INTEGER).opt("size_of_headers", INTEGER)
                .opt("checksum_hex", HEX).opt("subsystem_hex", HEX).opt("dll_characteristics_hex", HEX)
                .opt("size_of_stack_reserve", INTEGER).opt("size_of_stack_commit", INTEGER)
                .opt("size_of_heap_reserve", INTEGER).opt("size_of_heap_commit", INTEGER)
                .opt("loader_flags_hex", HEX).opt("number_of_rva_and_sizes", INTEGER).opt("hashes", HASHES)
                .atLeastOneProperty();
        Shape section = shape("windows-pe-section-type", "6.7.6").req("name", STRING).opt("size", NON_NEGATIVE)
                .opt("entropy", FLOAT).opt("hashes", HASHES).build();
        Shape pe = shape("windows-pebinary-ext", "6.7.6").req("pe_type", vocab("windows-pebinary-type-ov"))
                .opt("imphash", STRING).opt("machine_hex", HEX).opt("number_of_sections", NON_NEGATIVE)
                .opt("time_date_stamp", TIMESTAMP).opt("pointer_to_symbol_table_hex", HEX)
                .opt("number_of_symbols", NON_NEGATIVE).opt("size_of_optional_header", NON_NEGATIVE)
                .opt("characteristics_hex", HEX).opt("file_header_hashes", HASHES)
                .opt("optional_header", new Nested(optionalHeader.build()))
                .opt("sections", new ListOf(new Nested(section))).build();
        sco(sco("file", "6.7").opt("hashes", HASHES).opt("size", NON_NEGATIVE).opt("name", STRING)
                .opt("name_enc", STRING).opt("magic_number_hex", HEX).opt("mime_type", STRING)
                .opt("ctime", TIMESTAMP).opt("mtime", TIMESTAMP).opt("atime", TIMESTAMP)
                .opt("parent_directory_ref", ref("directory")).opt("contains_refs", new ListOf(ANY_REF))
                .opt("content_ref", ref("artifact")).atLeastOne("hashes", "name"), archive, ntfs, pdf, raster, pe);
        sco(sco("ipv4-addr", "6.8").req("value", STRING).opt("resolves_to_refs", refs("mac-addr"))
                .opt("belongs_to_refs", refs("autonomous-system")));
        sco(sco("ipv6-addr", "6.9").req("value", STRING).opt("resolves_to_refs", refs("mac-addr"))
                .opt("belongs_to_refs", refs("autonomous-system")));
        sco(sco("mac-addr", "6.10").req("value", STRING));
        sco(sco("mutex", "6.11").req("name", STRING));

        Shape http = shape("http-request-ext", "6.12.2").req("request_method", STRING).req("request_value", STRING)
                .opt("request_version", STRING).opt("request_header", new Dict(STRINGS))
                .opt("message_body_length", NON_NEGATIVE).opt("message_body_data_ref", ref("artifact")).build();
        Shape icmp = shape("icmp-ext", "6.12.3").req("icmp_type_hex", HEX).req("icmp_code_hex", HEX).build();
        Shape socket = shape("socket-ext", "6.12.4")
                .req("address_family", vocab("network-socket-address-family-enum")).opt("is_blocking", BOOLEAN)
                .opt("is_listening", BOOLEAN).opt("options", new Dict(INTEGER))
                .opt("socket_type", vocab("network-socket-type-enum")).opt("socket_descriptor", NON_NEGATIVE)
                .opt("socket_handle", INTEGER).build();
        Shape tcp = shape("tcp-ext", "6.12.5").opt("src_flags_hex", HEX).opt("dst_flags_hex", HEX)
                .atLeastOneProperty().build();
        Kind address = ref("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name");
        sco(sco("network-traffic", "6.12").opt("start", TIMESTAMP).opt("end", TIMESTAMP).opt("is_active", BOOLEAN)
                .opt("src_ref", address).opt("dst_ref", address).opt("src_port", PORT).opt("dst_port", PORT)
                .req("protocols", STRINGS).opt("src_byte_count", NON_NEGATIVE).opt("dst_byte_count", NON_NEGATIVE)
                .opt("src_packets", NON_NEGATIVE).opt("dst_packets", NON_NEGATIVE).opt("ipfix", DICT)
                .opt("src_payload_ref", ref("artifact")).opt("dst_payload_ref", ref("artifact"))
                .opt("encapsulates_refs", refs("network-traffic")).opt("encapsulated_by_ref", ref("network-traffic"))
                .atLeastOne("src_ref", "dst_ref"), http, icmp, socket, tcp);

        Shape winProcess = shape("windows-process-ext", "6.13.2").opt("aslr_enabled", BOOLEAN)
                .opt("dep_enabled", BOOLEAN).opt("priority", STRING).opt("owner_sid", STRING)
                .opt("windows_title", STRING).opt("startup_info", DICT)
                .opt("integrity_level", vocab("windows-integrity-level-enum")).atLeastOneProperty().build();
        Shape winService = shape("windows-service-ext", "6.13.3").opt("service_name", STRING)
                .opt("descriptions", STRINGS).opt("display_name", STRING).opt("group_name", STRING)
                .opt("start_type", vocab("windows-service-start-type-enum")).opt("service_dll_refs", refs("file"))
                .opt("service_type", vocab("windows-service-type-enum"))
                .opt("service_status", vocab("windows-service-status-enum")).atLeastOneProperty().build();
        sco(sco("process", "6.13").opt("is_hidden", BOOLEAN).opt("pid", INTEGER).opt("created_time", TIMESTAMP)
                .opt("cwd", STRING).opt("command_line", STRING).opt("environment_variables", new Dict(STRING))
                .opt("opened_connection_refs", refs("network-traffic")).opt("creator_user_ref", ref("user-account"))
                .opt("image_ref", ref("file")).opt("parent_ref", ref("process")).opt("child_refs", refs("process"))
                .atLeastOne("is_hidden", "pid", "created_time", "cwd", "command_line", "environment_variables",
                        "opened_connection_refs", "creator_user_ref", "image_ref", "parent_ref", "child_refs",
                        "extensions"), winProcess, winService);
        sco(sco("software", "6.14").req("name", STRING).opt("cpe", STRING).opt("swid", STRING)
                .opt("languages", STRINGS).opt("vendor", STRING).opt("version", STRING));
        sco(sco("url", "6.15").req("value", STRING));
        Shape unix = shape("unix-account-ext", "6.16.2").opt("gid", INTEGER).opt("groups", STRINGS)
                .opt("home_dir", STRING).opt("shell", STRING).atLeastOneProperty().build();
        sco(sco("user-account", "6.16").opt("user_id", STRING).opt("credential", STRING)
                .opt("account_login", STRING).opt("account_type", vocab("account-type-ov"))
                .opt("display_name", STRING).opt("is_service_account", BOOLEAN).opt("is_privileged", BOOLEAN)
                .opt("can_escalate_privs", BOOLEAN).opt("is_disabled", BOOLEAN).opt("account_created", TIMESTAMP)
                .opt("account_expires", TIMESTAMP).opt("credential_last_changed", TIMESTAMP)
                .opt("account_first_login", TIMESTAMP).opt("account_last_login", TIMESTAMP)
                .atLeastOne("user_id", "credential", "account_login", "account_type", "display_name",
                        "is_service_account", "is_privileged", "can_escalate_privs", "is_disabled", "account_created",
                        "account_expires", "credential_last_changed", "account_first_login", "account_last_login",
                        "extensions"), unix);
        Shape registryValue = shape("windows-registry-value-type", "6.17.2").opt("name", STRING).opt("data", STRING)
                .opt("data_type", vocab("windows-registry-datatype-enum")).atLeastOneProperty().build();
        sco(sco("windows-registry-key", "6.17").opt("key", STRING)
                .opt("values", new ListOf(new Nested(registryValue))).opt("modified_time", TIMESTAMP)
                .opt("creator_user_ref", ref("user-account")).opt("number_of_subkeys", NON_NEGATIVE)
                .atLeastOne("key", "values", "modified_time", "creator_user_ref", "number_of_subkeys", "extensions"));
        ShapeBuilder v3 = shape("x509-v3-extensions-type", "6.18.2");
        for (String p : List.of("basic_constraints", "name_constraints", "policy_constraints", "key_usage",
                "extended_key_usage", "subject_key_identifier", "authority_key_identifier", "subject_alternative_name",
                "issuer_alternative_name", "subject_directory_attributes", "crl_distribution_points",
                "inhibit_any_policy")) {
            v3.opt(p, STRING);
        }
        v3.opt("private_key_usage_period_not_before", TIMESTAMP).opt("private_key_usage_period_not_after", TIMESTAMP)
                .opt("certificate_policies", STRING).opt("policy_mappings", STRING).atLeastOneProperty();
        sco(sco("x509-certificate", "6.18").opt("is_self_signed", BOOLEAN).opt("hashes", HASHES)
                .opt("version", STRING).opt("serial_number", STRING).opt("signature_algorithm", STRING)
                .opt("issuer", STRING).opt("validity_not_before", TIMESTAMP).opt("validity_not_after", TIMESTAMP)
                .opt("subject", STRING).opt("subject_public_key_algorithm", STRING)
                .opt("subject_public_key_modulus", STRING).opt("subject_public_key_exponent", NON_NEGATIVE)
                .opt("x509_v3_extensions", new Nested(v3.build()))
                .atLeastOne("is_self_signed", "hashes", "version", "serial_number", "signature_algorithm", "issuer",
                        "validity_not_before", "validity_not_after", "subject", "subject_public_key_algorithm",
                        "subject_public_key_modulus", "subject_public_key_exponent", "x509_v3_extensions",
                        "extensions"));

        // ---- section 7: meta objects ----
        Set<String> lcNotApplicable = Set.of("lang", "defanged");
        register(common("language-content", "7.1", Category.SMO, SDO_REQUIRED, lcNotApplicable)
                .req("object_ref", ANY_REF).opt("object_modified", TIMESTAMP).req("contents", new Dict(DICT)),
                Category.SMO, lcNotApplicable, Map.of());
        Set<String> mdNotApplicable = Set.of("modified", "revoked", "labels", "confidence", "lang", "defanged");
        register(common("marking-definition", "7.2.1", Category.SMO,
                Set.of("type", "spec_version", "id", "created"), mdNotApplicable)
                .opt("name", STRING).opt("definition_type", STRING).opt("definition", DICT),
                Category.SMO, mdNotApplicable, Map.of());
        Set<String> edNotApplicable = Set.of("confidence", "lang", "defanged", "extensions");
        register(common("extension-definition", "7.3", Category.SMO,
                Set.of("type", "spec_version", "id", "created", "modified", "created_by_ref"), edNotApplicable)
                .req("name", STRING).opt("description", STRING).req("schema", STRING).req("version", STRING)
                .req("extension_types", new ListOf(vocab("extension-type-enum")))
                .opt("extension_properties", STRINGS), Category.SMO, edNotApplicable, Map.of());
    }

    /** The two marking object types of section 7.2.1 (deprecated definition_type / definition). */
    static final Shape STATEMENT = shape("statement", "7.2.1.3").req("statement", STRING).build();
    static final Shape TLP = shape("tlp", "7.2.1.4").req("tlp", STRING).build();

    /** The bundle of section 8. */
    static final Shape BUNDLE = shape("bundle", "8").req("type", STRING).req("id", ref("bundle"))
            .opt("objects", new ListOf(ANY)).build();

    private StixTypes() {
    }

    /** The specification of a type, or null for custom types. */
    static TypeSpec get(String type) {
        return TYPES.get(type);
    }

    /** Every type of sections 4 to 7, in specification order. */
    static Map<String, TypeSpec> all() {
        return Collections.unmodifiableMap(TYPES);
    }
}
