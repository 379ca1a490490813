package org.datong.detect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Matches telemetry against the current {@link IndicatorIndex} and reports
 * {@link Hit}s. Any number of threads may call {@link #process} at once (one
 * per input stream); {@link #swap} replaces the index while they run.
 *
 * <p>Swapping is one volatile write: each event reads the index reference
 * once, so an event is matched entirely against the old or the new index and
 * the stream never stops. {@link #swap} reports how long the call took, which
 * is the pause a swap imposes on the swapping thread; matching threads are
 * never blocked.
 */
public final class Matcher {
    /** Lines longer than this are rejected (and reported) rather than buffered without bound. */
    public static final int MAX_LINE = 8 << 20;
    private static final int READ_BUFFER = 1 << 16;
    /** Marks an event whose own time has not been read yet. */
    private static final long NOT_READ = Long.MIN_VALUE;

    /** Receives hits; called on the matching thread. */
    @FunctionalInterface
    public interface HitListener {
        void hit(Hit hit);
    }

    private volatile IndicatorIndex index;
    private volatile WarningLists warnings;
    private volatile SeenRecord seen;
    private final FieldMapping mapping;
    private final Clock clock;
    private final HitListener listener;

    private final LongAdder events = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder swaps = new LongAdder();
    private volatile long maxSwapNanos;

    public Matcher(IndicatorIndex index, WarningLists warnings, FieldMapping mapping, Clock clock, HitListener listener) {
        this.index = Objects.requireNonNull(index, "index");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Replaces the index; events already being matched finish on the old one. Returns how long the swap took. */
    public Duration swap(IndicatorIndex next) {
        Objects.requireNonNull(next, "next");
        long t0 = System.nanoTime();
        index = next;
        long took = System.nanoTime() - t0;
        swaps.increment();
        if (took > maxSwapNanos) {
            maxSwapNanos = took;
        }
        return Duration.ofNanos(took);
    }

    /** Replaces the warning lists. */
    public void swapWarnings(WarningLists next) {
        warnings = Objects.requireNonNull(next, "next");
    }

    /** Starts (or, with null, stops) recording every observable seen, for retro-hunts. */
    public void recordSeen(SeenRecord record) {
        seen = record;
    }

    public IndicatorIndex index() {
        return index;
    }

    public WarningLists warnings() {
        return warnings;
    }

    /** Counters since this matcher was made. */
    public Stats stats() {
        return new Stats(events.sum(), bytes.sum(), hits.sum(), suppressed.sum(), rejected.sum(), swaps.sum(),
                Duration.ofNanos(maxSwapNanos));
    }

    /**
     * Counters of a matcher.
     *
     * @param events     events (lines) read
     * @param bytes      bytes read (after decompression)
     * @param hits       hits reported
     * @param suppressed hits suppressed by warning lists
     * @param rejected   lines rejected as malformed or too long
     * @param swaps      index swaps
     * @param maxSwap    the longest swap call
     */
    public record Stats(long events, long bytes, long hits, long suppressed, long rejected, long swaps, Duration maxSwap) {
    }

    /**
     * Reads an input to its end and matches every event. Malformed lines are
     * reported to {@code problems} as {@code input:line: reason} and counted;
     * matching goes on with the next line.
     *
     * @throws IOException when reading fails
     */
    public void process(InputStream in, LogFormat format, String input, Consumer<String> problems) throws IOException {
        new Run(format, input, problems).read(in);
    }

    /** Matches a single event (one line, no terminator), e.g. one syslog datagram. */
    public void processEvent(byte[] event, int from, int to, LogFormat format, String input, Consumer<String> problems) {
        Run run = new Run(format, input, problems);
        run.localBytes += to - from;
        run.line(event, from, to);
        run.flushCounters();
    }

    static String stixType(Observable o) {
        return o.kind() == Observable.Kind.OTHER ? o.property().substring(0, o.property().indexOf(':')) : o.kind().stixType();
    }

    /** The state of one input: its scanner, readers, line counter and the hits of the current event. */
    private final class Run implements Observations {
        private final String input;
        private final Consumer<String> problems;
        private final TextScanner scanner = new TextScanner();
        private final JsonEvents json;
        private final ZeekEvents zeek;
        private LogFormat format;
        private long lineNo;
        private IndicatorIndex current;
        private SeenRecord record;
        private final List<Hit> eventHits = new ArrayList<>();
        private PatternRules rules;
        private final List<Observable> eventObs = new ArrayList<>();
        /** The values of the current event for the seen record, added together with the event's time at its end. */
        private final List<Observable> seenObs = new ArrayList<>();
        /** The current event's own time (epoch ms, -1 when it has none), or NOT_READ until asked for. */
        private long lineTime;
        private final java.util.BitSet candidates = new java.util.BitSet();
        private byte[] lineBuf;
        private int lineFrom;
        private int lineTo;
        private long localEvents;
        private long localBytes;

        Run(LogFormat format, String input, Consumer<String> problems) {
            this.format = format;
            this.input = input;
            this.problems = problems;
            this.json = new JsonEvents(mapping, scanner);
            this.zeek = new ZeekEvents(mapping, scanner);
        }

        void read(InputStream in) throws IOException {
            byte[] buf = new byte[READ_BUFFER];
            int len = 0;
            boolean skipping = false;
            try {
                while (true) {
                    int n = in.read(buf, len, buf.length - len);
                    if (n < 0) {
                        break;
                    }
                    localBytes += n;
                    int scanFrom = len;
                    len += n;
                    int start = 0;
                    for (int k = ByteScan.newline(buf, scanFrom, len); k >= 0; k = ByteScan.newline(buf, k + 1, len)) {
                        if (skipping) {
                            skipping = false;
                        } else {
                            int end = k > start && buf[k - 1] == '\r' ? k - 1 : k;
                            line(buf, start, end);
                        }
                        start = k + 1;
                    }
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, len - start);
                        len -= start;
                    } else if (len == buf.length) {
                        if (buf.length >= MAX_LINE) {
                            if (!skipping) {
                                lineNo++;
                                reject("line longer than " + MAX_LINE + " bytes, skipped");
                            }
                            skipping = true;
                            len = 0;
                        } else {
                            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                        }
                    }
                }
                if (len > 0 && !skipping) {
                    int end = buf[len - 1] == '\r' ? len - 1 : len;
                    line(buf, 0, end);
                }
            } finally {
                flushCounters();
            }
        }

        private void flushCounters() {
            events.add(localEvents);
            bytes.add(localBytes);
            localEvents = 0;
            localBytes = 0;
        }

        void line(byte[] b, int from, int to) {
            lineNo++;
            if (to <= from) {
                return;
            }
            if (format == LogFormat.AUTO) {
                format = LogFormat.sniff(b, from, to);
            }
            if (format == LogFormat.ZEEK && b[from] == '#') {
                zeek.line(b, from, to, this); // a header (#fields, #separator, #close ...), not an event
                return;
            }
            localEvents++;
            current = index;
            record = seen;
            rules = current.patterns();
            lineBuf = b;
            lineFrom = from;
            lineTo = to;
            lineTime = NOT_READ;
            String problem = switch (format) {
                case JSON -> json.event(b, from, to, this);
                case ZEEK -> zeek.line(b, from, to, this);
                default -> {
                    scanner.scan(b, from, to, this);
                    yield null;
                }
            };
            if (problem != null) {
                // a rejected event raises nothing: what it held is not trusted
                reject(problem);
                eventHits.clear();
                eventObs.clear();
                seenObs.clear();
                candidates.clear();
            }
            if (!seenObs.isEmpty()) {
                recordSeen();
            }
            if (rules != null) {
                evaluatePatterns();
            }
            if (!eventHits.isEmpty()) {
                Instant time = null;
                for (Hit h : eventHits) {
                    if (h.time() == null) {
                        if (time == null) {
                            time = Instant.ofEpochMilli(eventTimeMillis());
                        }
                        h = new Hit(h.indicatorId(), h.entry(), h.observed(), time, h.list(), h.input());
                    }
                    listener.hit(h);
                }
                hits.add(eventHits.size());
                eventHits.clear();
            }
            lineBuf = null;
        }

        private void reject(String problem) {
            rejected.increment();
            problems.accept(input + ":" + lineNo + ": " + problem);
        }

        /** The event's own time (JSON or Zeek time field, RFC 5424 header, CEF rt=), else now. */
        private long eventTimeMillis() {
            long t = ownTime();
            return t >= 0 ? t : clock.millis();
        }

        /** The event's own time, read once per event once it has been read whole; -1 when it has none. */
        private long ownTime() {
            if (lineTime == NOT_READ) {
                lineTime = switch (format) {
                    case JSON -> json.timeMillis();
                    case ZEEK -> zeek.timeMillis();
                    case SYSLOG, CEF, TEXT -> TextTime.parse(lineBuf, lineFrom, lineTo, clock.millis());
                    default -> -1;
                };
            }
            return lineTime;
        }

        /**
         * Adds the event's values to the seen record at the event's own time, so
         * a retro-hunt reports when they were seen rather than when the log
         * arrived; at the arrival time when the event has none, or when its time
         * is ahead of this node's clock (a value must not outlive the window).
         */
        private void recordSeen() {
            long now = clock.millis();
            long t = ownTime();
            record.add(seenObs, t < 0 || t > now ? now : t, now);
            seenObs.clear();
        }

        // ------------------------------------------------------------ Observations

        @Override
        public void ipv4(int addr) {
            if (record != null) {
                seenObs.add(new Observable(Observable.Kind.IPV4, Values.formatIPv4(addr), null));
            }
            if (rules != null) {
                note(new Observable(Observable.Kind.IPV4, Values.formatIPv4(addr), null));
            }
            int p = current.lookupV4(addr);
            if (p != IndicatorIndex.NONE) {
                hit(p, new Observable(Observable.Kind.IPV4, Values.formatIPv4(addr), null));
            }
        }

        @Override
        public void ipv6(long hi, long lo) {
            if (Values.isMapped(hi, lo)) {
                ipv4((int) lo);
                return;
            }
            if (record != null) {
                seenObs.add(new Observable(Observable.Kind.IPV6, Values.formatIPv6(hi, lo), null));
            }
            if (rules != null) {
                note(new Observable(Observable.Kind.IPV6, Values.formatIPv6(hi, lo), null));
            }
            int p = current.lookupV6(hi, lo);
            if (p != IndicatorIndex.NONE) {
                hit(p, new Observable(Observable.Kind.IPV6, Values.formatIPv6(hi, lo), null));
            }
        }

        @Override
        public void domain(byte[] b, int from, int to) {
            if (record != null && topLabelStartsWithALetter(b, from, to)) {
                String d = new String(b, from, to - from, StandardCharsets.US_ASCII);
                if (Values.validDomain(d)) {
                    seenObs.add(new Observable(Observable.Kind.DOMAIN, d, null));
                }
            }
            if (rules != null) {
                String d = new String(b, from, to - from, StandardCharsets.US_ASCII);
                if (Values.validDomain(d)) {
                    note(new Observable(Observable.Kind.DOMAIN, d, null));
                }
            }
            int p = current.lookupDomain(b, from, to);
            if (p != IndicatorIndex.NONE) {
                hit(p, new Observable(Observable.Kind.DOMAIN, new String(b, from, to - from, StandardCharsets.US_ASCII), null));
            }
        }

        @Override
        public void key(byte tag, byte[] b, int from, int to) {
            if (record != null) {
                seenObs.add(observable(tag, b, from, to));
            }
            if (rules != null) {
                note(observable(tag, b, from, to));
            }
            int p = current.lookupKey(tag, b, from, to);
            if (p != IndicatorIndex.NONE) {
                hit(p, observable(tag, b, from, to));
            }
        }

        @Override
        public boolean wantsOther() {
            return record != null || rules != null || current.hasOther();
        }

        @Override
        public void other(String property, String value) {
            if (!wantsOther()) {
                return;
            }
            Observable o = Observable.other(property, value);
            if (record != null) {
                seenObs.add(o);
            }
            if (rules != null) {
                note(o);
            }
            int p = current.payload(o);
            if (p != IndicatorIndex.NONE) {
                hit(p, o);
            }
        }

        /**
         * No top-level domain starts with a digit; the text scanner reads the
         * seconds of a time like {@code 08:04:05.377z} as a name, and such names
         * are kept out of the seen record (they would fill it: one per millisecond).
         */
        private static boolean topLabelStartsWithALetter(byte[] b, int from, int to) {
            int k = to - 1;
            while (k >= from && b[k] != '.') {
                k--;
            }
            return k + 1 < to && b[k + 1] >= 'a' && b[k + 1] <= 'z';
        }

        /** Keeps an observable of the event for the pattern engine and marks the patterns it triggers. */
        private void note(Observable o) {
            eventObs.add(o);
            IndicatorIndex t = rules.triggerIndex();
            int p = t.payload(o);
            for (int i = 0, n = t.refCount(p); i < n; i++) {
                candidates.set(t.ref(p, i));
            }
        }

        /** Evaluates the patterns the event could concern, with the event as one observed-data. */
        private void evaluatePatterns() {
            try {
                if (eventObs.isEmpty()) {
                    return;
                }
                for (int r : rules.ungatedRules()) {
                    for (Observable o : eventObs) {
                        if (rules.rules.get(r).types().contains(stixType(o))) {
                            candidates.set(r);
                            break;
                        }
                    }
                }
                if (candidates.isEmpty()) {
                    return;
                }
                List<org.datong.stix.json.JsonObject> objects = null;
                long t = eventTimeMillis();
                for (int r = candidates.nextSetBit(0); r >= 0; r = candidates.nextSetBit(r + 1)) {
                    PatternRules.Rule rule = rules.rules.get(r);
                    if (objects == null) {
                        objects = EventObjects.of(eventObs, Instant.ofEpochMilli(t));
                    }
                    boolean matched;
                    try {
                        matched = org.datong.pattern.Patterns.evaluate(rule.pattern(), objects).matched();
                    } catch (org.datong.pattern.PatternException e) {
                        matched = false; // a comparison of incompatible types: this event cannot match
                    }
                    if (matched) {
                        Observable shown = eventObs.get(0);
                        for (Observable o : eventObs) {
                            if (rule.types().contains(stixType(o))) {
                                shown = o;
                                break;
                            }
                        }
                        patternHit(rule, shown, t);
                    }
                }
            } finally {
                eventObs.clear();
                candidates.clear();
            }
        }

        private void patternHit(PatternRules.Rule rule, Observable shown, long t) {
            IndicatorIndex idx = current;
            if (idx.expired(rule.ref(), clock.millis())) {
                return;
            }
            if (warnings.suppress(shown) != null) {
                suppressed.increment();
                return;
            }
            String id = idx.indicatorId(rule.ref(), shown.kind(), rule.text());
            for (Hit h : eventHits) {
                if (h.indicatorId().equals(id)) {
                    return;
                }
            }
            eventHits.add(new Hit(id, rule.text(), shown, Instant.ofEpochMilli(t), null, input));
        }

        private Observable observable(byte tag, byte[] b, int from, int to) {
            return switch (tag) {
                case IndicatorIndex.TAG_URL -> new Observable(Observable.Kind.URL, new String(b, from, to - from, StandardCharsets.UTF_8), null);
                case IndicatorIndex.TAG_EMAIL -> new Observable(Observable.Kind.EMAIL, new String(b, from, to - from, StandardCharsets.UTF_8), null);
                case IndicatorIndex.TAG_HASH -> {
                    StringBuilder sb = new StringBuilder(2 * (to - from));
                    for (int k = from; k < to; k++) {
                        sb.append(Character.forDigit((b[k] >> 4) & 15, 16)).append(Character.forDigit(b[k] & 15, 16));
                    }
                    yield new Observable(Values.hashKind(sb.length()), sb.toString(), null);
                }
                default -> throw new IllegalStateException("unknown key tag " + tag);
            };
        }

        private void hit(int payload, Observable o) {
            if (warnings.suppress(o) != null) {
                suppressed.increment();
                return;
            }
            IndicatorIndex idx = current;
            long now = clock.millis();
            String entry = idx.matchedEntry(o);
            for (int i = 0, n = idx.refCount(payload); i < n; i++) {
                int ref = idx.ref(payload, i);
                if (idx.expired(ref, now)) {
                    continue;
                }
                String id = idx.indicatorId(ref, o.kind(), entry);
                boolean dup = false;
                for (Hit h : eventHits) {
                    if (h.indicatorId().equals(id) && h.observed().equals(o)) {
                        dup = true;
                        break;
                    }
                }
                if (dup) {
                    continue;
                }
                // the time is set at the end of the event: its time field may come after the value
                eventHits.add(new Hit(id, entry, o, null, idx.isList(ref) ? idx.listName(ref) : null, input));
            }
        }
    }
}
