package org.datong.federation;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node syncs.
 *
 * @param inboxCollection    local collection peers push into; objects there are checked and admitted
 * @param receivedCollection local collection that holds what was admitted from peers
 * @param pollInterval       how often each peer's collections are pulled
 * @param batchSize          most objects in one push or pull request (and under one signature)
 * @param retryMin           first wait after a failed exchange
 * @param retryMax           longest wait between retries
 * @param requestTimeout     how long one HTTP request to a peer may take
 */
public record FederationConfig(String inboxCollection, String receivedCollection, Duration pollInterval, int batchSize,
                               Duration retryMin, Duration retryMax, Duration requestTimeout) {
    /** Default local collection peers push into. */
    public static final String DEFAULT_INBOX = "federation-inbox";
    /** Default local collection for admitted objects. */
    public static final String DEFAULT_RECEIVED = "federation";
    /** Prefix of the collections each peer's pushes are stored in, one per peer. */
    public static final String INBOX_PREFIX = "inbox-";
    /** Prefix of the collections this node fills for peers that pull. */
    public static final String OUTBOX_PREFIX = "outbox-";

    public FederationConfig {
        Objects.requireNonNull(inboxCollection, "inboxCollection");
        Objects.requireNonNull(receivedCollection, "receivedCollection");
        if (inboxCollection.equals(receivedCollection)) {
            throw new IllegalArgumentException("the inbox and the received collection must differ");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batch size must be between 1 and 10000, not " + batchSize);
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || retryMin.isNegative() || retryMin.isZero()
                || retryMax.compareTo(retryMin) < 0 || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("intervals must be positive and retry max at least retry min");
        }
    }

    /** Pull every 5 s, batches of 500, retries from 250 ms up to 30 s, 10 s per request. */
    public static FederationConfig defaults() {
        return new FederationConfig(DEFAULT_INBOX, DEFAULT_RECEIVED, Duration.ofSeconds(5), 500,
                Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public FederationConfig withPollInterval(Duration d) {
        return new FederationConfig(inboxCollection, receivedCollection, d, batchSize, retryMin, retryMax, requestTimeout);
    }

    public FederationConfig withBatchSize(int n) {
        return new FederationConfig(inboxCollection, receivedCollection, pollInterval, n, retryMin, retryMax, requestTimeout);
    }

    public FederationConfig withRetry(Duration min, Duration max) {
        return new FederationConfig(inboxCollection, receivedCollection, pollInterval, batchSize, min, max, requestTimeout);
    }

    /** The local collection that holds what a peer pushed into this node (writable by that peer only). */
    public static String inboxOf(String peer) {
        return INBOX_PREFIX + peer;
    }

    /**
     * Whether the engine offers a collection's objects to peers: every
     * collection except the shared inbox, the peers' inboxes and the outboxes.
     *
     * @param peerInboxes the ids of the peers' inbox collections
     */
    public boolean shares(String collection, java.util.Set<String> peerInboxes) {
        return !collection.equals(inboxCollection) && !peerInboxes.contains(collection)
                && !collection.startsWith(OUTBOX_PREFIX);
    }

    /** The local collection this node fills for a peer that pulls. */
    public static String outboxOf(String peer) {
        return OUTBOX_PREFIX + peer;
    }
}
