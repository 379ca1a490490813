package org.datong.policy.store;

import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An object waiting for (or having had) a human decision before it may go to
 * a partner.
 *
 * @param object the object as it would be sent (after the policy's transforms)
 */
public record Review(long id, Instant createdAt, String partner, String collectionId, String objectId,
                     String objectVersion, String objectType, String contentHash, JsonObject object,
                     List<String> rules, String explanation, State state, String decidedBy, Instant decidedAt,
                     String note) {
    /** Where a review stands. */
    public enum State {
        PENDING, APPROVED, REJECTED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State parse(String s) {
            for (State st : values()) {
                if (st.word().equalsIgnoreCase(s == null ? "" : s.trim())) {
                    return st;
                }
            }
            throw new IllegalArgumentException("unknown review state '" + s + "'; expected one of pending, approved, rejected");
        }
    }

    public Review {
        rules = List.copyOf(rules);
    }

    /** The review as JSON; {@code withObject} adds the object itself. */
    public JsonObject toJson(boolean withObject) {
        JsonObject.Builder b = JsonObject.builder()
                .put("id", id).put("created", createdAt.toString()).put("partner", partner)
                .put("collection", collectionId).put("object_id", objectId).putIfNotNull("object_version", objectVersion)
                .put("object_type", objectType).put("content_hash", contentHash)
                .put("rules", JsonArray.ofStrings(rules)).put("explanation", explanation).put("state", state.word())
                .putIfNotNull("decided_by", decidedBy)
                .putIfNotNull("decided_at", decidedAt == null ? null : decidedAt.toString())
                .putIfNotNull("note", note);
        if (withObject) {
            b.put("object", object);
        }
        return b.build();
    }
}
