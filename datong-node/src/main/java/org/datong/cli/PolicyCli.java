package org.datong.cli;

import org.datong.node.DataDir;
import org.datong.policy.RulesException;
import org.datong.policy.store.SharingGate;
import org.datong.store.Database;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** What the policy, partner, agreement, review and ledger commands share: the data folder, the gate, time parsing. */
final class PolicyCli {
    private PolicyCli() {
    }

    /** Opens the sharing gate of a data folder; a broken rules file is a usage error listing every problem. */
    static SharingGate gate(Database db, Path dir) {
        try {
            return SharingGate.open(db, dir, Clock.systemUTC());
        } catch (RulesException e) {
            throw new UsageException("the jurisdiction rules cannot be used:\n" + e.getMessage());
        }
    }

    /** Parses an instant (2026-03-01T10:00:00Z) or a date (2026-03-01, meaning its start in UTC). */
    static Instant instant(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new UsageException(option + ": '" + text + "' is not a date (2026-03-01) or an instant (2026-03-01T10:00:00Z)");
            }
        }
    }

    static void flush(PrintWriter out) {
        out.flush();
    }
}
