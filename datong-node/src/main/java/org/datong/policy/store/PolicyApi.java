package org.datong.policy.store;

import io.javalin.http.Context;
import org.datong.auth.Authenticator;
import org.datong.auth.Principal;
import org.datong.ledger.Ledger;
import org.datong.node.HttpError;
import org.datong.policy.Agreement;
import org.datong.policy.GradeScheme;
import org.datong.policy.Partner;
import org.datong.policy.PersonalData;
import org.datong.policy.Tlp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonBoolean;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sharing policy's REST handlers under {@code /api/v1/}: partners,
 * agreements, the review queue and the ledger. Every call needs a signed-in
 * user in the group {@value #GROUP} (or {@code admin}); a review decision
 * records that user as the one who decided. Bodies and answers are JSON.
 */
public final class PolicyApi {
    /** The group whose members operate the sharing policy. */
    public static final String GROUP = "policy";
    private static final String ADMIN_GROUP = "admin";
    private static final String JSON = "application/json";
    private static final int DEFAULT_LIMIT = 1000;

    private final SharingGate gate;
    private final Clock clock;

    public PolicyApi(SharingGate gate, Clock clock) {
        this.gate = gate;
        this.clock = clock;
    }

    // ---- partners

    public void listPartners(Context ctx) {
        operator(ctx);
        List<JsonValue> items = new ArrayList<>();
        gate.store().partners().forEach(p -> items.add(partnerJson(p)));
        ok(ctx, 200, JsonArray.of(items));
    }

    public void getPartner(Context ctx) {
        operator(ctx);
        Partner p = gate.store().partner(ctx.pathParam("partner"))
                .orElseThrow(() -> HttpError.notFound("no partner " + ctx.pathParam("partner")));
        ok(ctx, 200, partnerJson(p));
    }

    public void addPartner(Context ctx) {
        operator(ctx);
        JsonObject b = body(ctx);
        try {
            Partner p = gate.store().addPartner(new Partner(str(b, "identity", true), str(b, "name", true),
                    str(b, "jurisdiction", true), str(b, "sector", false), str(b, "public_key", false)));
            ok(ctx, 201, partnerJson(p));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    static JsonObject partnerJson(Partner p) {
        return JsonObject.builder().put("name", p.name()).put("identity", p.identityId())
                .put("jurisdiction", p.jurisdiction()).putIfNotNull("sector", p.sector())
                .putIfNotNull("public_key", p.publicKey()).build();
    }

    // ---- agreements

    public void listAgreements(Context ctx) {
        operator(ctx);
        String partner = ctx.queryParam("partner");
        List<Agreement> all;
        if (partner == null) {
            all = gate.store().agreements();
        } else {
            all = gate.store().agreements(gate.store().partner(partner)
                    .orElseThrow(() -> HttpError.notFound("no partner " + partner)).name());
        }
        List<JsonValue> items = new ArrayList<>();
        all.forEach(a -> items.add(agreementJson(a, clock.instant())));
        ok(ctx, 200, JsonArray.of(items));
    }

    public void getAgreement(Context ctx) {
        operator(ctx);
        Agreement a = gate.store().agreement(ctx.pathParam("agreement"))
                .orElseThrow(() -> HttpError.notFound("no agreement " + ctx.pathParam("agreement")));
        ok(ctx, 200, agreementJson(a, clock.instant()));
    }

    public void createAgreement(Context ctx) {
        operator(ctx);
        JsonObject b = body(ctx);
        GradeScheme scheme = gate.policy().rules().scheme();
        try {
            Set<String> reviewGrades = new LinkedHashSet<>();
            for (String g : strings(b, "review_grades", List.of())) {
                reviewGrades.add(scheme.parse(g));
            }
            PolicyStore.AgreementTerms t = new PolicyStore.AgreementTerms(str(b, "partner", true),
                    enumOf(Agreement.Direction.class, str(b, "direction", true), "direction"),
                    new LinkedHashSet<>(strings(b, "collections", List.of(Agreement.ALL))),
                    new LinkedHashSet<>(strings(b, "object_types", List.of(Agreement.ALL))),
                    Tlp.parse(str(b, "max_tlp", true)), scheme.parse(str(b, "max_grade", true)),
                    PersonalData.Treatment.parse(orDefault(str(b, "personal_data", false), "minimise")),
                    b.get("relay_allowed") instanceof JsonBoolean rb && rb.value(), reviewGrades,
                    instant(str(b, "valid_from", false), "valid_from"), instant(str(b, "valid_until", false), "valid_until"),
                    enumOf(Agreement.State.class, orDefault(str(b, "state", false), "proposed"), "state"));
            ok(ctx, 201, agreementJson(gate.store().createAgreement(t), clock.instant()));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    public void setAgreementState(Context ctx) {
        operator(ctx);
        JsonObject b = body(ctx);
        try {
            Agreement.State st = enumOf(Agreement.State.class, str(b, "state", true), "state");
            String id = ctx.pathParam("agreement");
            if (gate.store().agreement(id).isEmpty()) {
                throw HttpError.notFound("no agreement " + id);
            }
            ok(ctx, 200, agreementJson(gate.store().setAgreementState(id, st), clock.instant()));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    static JsonObject agreementJson(Agreement a, Instant now) {
        return JsonObject.builder().put("id", a.id()).put("partner", a.partner()).put("direction", a.direction().word())
                .put("collections", JsonArray.ofStrings(a.collections().stream().sorted().toList()))
                .put("object_types", JsonArray.ofStrings(a.objectTypes().stream().sorted().toList()))
                .put("max_tlp", a.maxTlp().word()).put("max_grade", a.maxGrade())
                .put("personal_data", a.personalData().word()).put("relay_allowed", a.relayAllowed())
                .put("review_grades", JsonArray.ofStrings(a.reviewGrades().stream().sorted().toList()))
                .putIfNotNull("valid_from", a.validFrom() == null ? null : a.validFrom().toString())
                .putIfNotNull("valid_until", a.validUntil() == null ? null : a.validUntil().toString())
                .put("state", a.state().word()).put("state_now", a.stateAt(now).word()).build();
    }

    // ---- reviews

    public void listReviews(Context ctx) {
        operator(ctx);
        String state = orDefault(ctx.queryParam("state"), "pending");
        String partner = ctx.queryParam("partner");
        Review.State st;
        try {
            st = state.equals("all") ? null : Review.State.parse(state);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("state: " + e.getMessage() + " (or all)");
        }
        String name = partner == null ? null
                : gate.store().partner(partner).orElseThrow(() -> HttpError.notFound("no partner " + partner)).name();
        List<JsonValue> items = new ArrayList<>();
        gate.store().reviews(st, name).forEach(r -> items.add(r.toJson(false)));
        ok(ctx, 200, JsonArray.of(items));
    }

    public void getReview(Context ctx) {
        operator(ctx);
        ok(ctx, 200, review(ctx).toJson(true));
    }

    public void approveReview(Context ctx) {
        decide(ctx, true);
    }

    public void rejectReview(Context ctx) {
        decide(ctx, false);
    }

    private void decide(Context ctx, boolean approve) {
        Principal p = operator(ctx);
        Review r = review(ctx);
        String note = null;
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length > 0) {
            note = str(parse(raw), "note", false);
        }
        try {
            ok(ctx, 200, gate.store().decide(r.id(), approve, p.name(), note).toJson(false));
        } catch (IllegalStateException e) {
            throw new HttpError(409, "Conflict", e.getMessage());
        }
    }

    private Review review(Context ctx) {
        String id = ctx.pathParam("review");
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw HttpError.notFound("no review " + id);
        }
        return gate.store().review(n).orElseThrow(() -> HttpError.notFound("no review " + id));
    }

    // ---- ledger

    public void verifyLedger(Context ctx) {
        operator(ctx);
        Ledger.Verification v = gate.ledger().verify();
        ok(ctx, 200, JsonObject.builder().put("ok", v.ok()).put("entries", v.entries())
                .putIfNotNull("first_bad_entry", v.ok() ? null : org.datong.stix.json.JsonNumber.of(v.firstBad()))
                .putIfNotNull("problem", v.problem()).build());
    }

    public void ledgerReport(Context ctx) {
        operator(ctx);
        ok(ctx, 200, gate.ledger().report(partnerParam(ctx), instant(ctx.queryParam("since"), "since")).toJson());
    }

    public void ledgerEntries(Context ctx) {
        operator(ctx);
        int limit = DEFAULT_LIMIT;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("limit: '" + l + "' is not a number");
            }
        }
        List<JsonValue> items = new ArrayList<>();
        gate.ledger().list(partnerParam(ctx), instant(ctx.queryParam("since"), "since"), limit).forEach(e -> items.add(e.toJson()));
        ok(ctx, 200, JsonArray.of(items));
    }

    private String partnerParam(Context ctx) {
        String partner = ctx.queryParam("partner");
        if (partner == null) {
            return null;
        }
        return gate.store().partner(partner).map(Partner::name).orElse(partner);
    }

    // ---- helpers

    private static Principal operator(Context ctx) {
        Principal p = Authenticator.principal(ctx);
        if (p.anonymous()) {
            throw HttpError.unauthorized("the sharing policy API needs a signed-in user in group '" + GROUP + "'");
        }
        if (!p.groups().contains(GROUP) && !p.groups().contains(ADMIN_GROUP)) {
            throw HttpError.forbidden("user " + p.name() + " is not in group '" + GROUP + "'");
        }
        return p;
    }

    private static JsonObject body(Context ctx) {
        return parse(ctx.bodyAsBytes());
    }

    private static JsonObject parse(byte[] raw) {
        try {
            JsonValue v = Json.parse(raw);
            if (v instanceof JsonObject o) {
                return o;
            }
            throw HttpError.badRequest("the body must be a JSON object, not " + v.kind());
        } catch (JsonException e) {
            throw HttpError.badRequest("the body is not valid JSON: " + e.getMessage());
        }
    }

    private static String str(JsonObject b, String key, boolean required) {
        JsonValue v = b.get(key);
        if (v == null) {
            if (required) {
                throw HttpError.badRequest("'" + key + "' is required");
            }
            return null;
        }
        if (v.asString() == null) {
            throw HttpError.badRequest("'" + key + "' must be a string, not " + v.kind());
        }
        return v.asString();
    }

    private static List<String> strings(JsonObject b, String key, List<String> fallback) {
        JsonValue v = b.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof JsonArray a) || a.strings().size() != a.size()) {
            throw HttpError.badRequest("'" + key + "' must be an array of strings");
        }
        return a.strings();
    }

    private static String orDefault(String s, String d) {
        return s == null ? d : s;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String s, String what) {
        try {
            return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> words = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                words.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("'" + what + "' must be one of " + String.join(", ", words) + ", not '" + s + "'");
        }
    }

    private static Instant instant(String s, String what) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw HttpError.badRequest("'" + what + "' is not a date or an instant: " + s);
            }
        }
    }

    private static void ok(Context ctx, int status, JsonValue body) {
        ctx.status(status).contentType(JSON).result(Json.writeBytes(body));
    }
}
