package org.datong.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTaxiiCommandTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentPostersStoreEveryObjectAndTheTableIsPrinted() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"bench", "taxii", "--objects", "350", "--envelope", "100", "--clients", "3",
                        "--page", "100"}, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).as(err.toString()).isEqualTo(Main.OK);
        assertThat(out.toString()).contains("350 objects, sqlite, envelopes of 100 from 3 client(s)")
                .contains("| ingest, TAXII POST |").contains("| paging, limit=100 |");
    }

    @Test
    void noClientsIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"bench", "taxii", "--clients", "0"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--clients");
    }
}
