package org.datong.cli;

import org.datong.ledger.TestDatabases;
import org.datong.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The partner, agreement, policy, review and ledger commands, run through {@link Main} on a real data folder. */
class PolicyCommandsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data";
        all[args.length + 1] = dir.toString();
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Path bundle() throws Exception {
        Path f = dir.resolve("objects.json");
        Files.writeString(f, """
                {"type": "bundle", "id": "bundle--5f7a3c1e-9d2b-4e8a-8c3f-1a2b3c4d5e6f", "objects": [
                 {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                  "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                  "description": "reported by ops@victim.example",
                  "pattern": "[ipv4-addr:value = '203.0.113.9']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z",
                  "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]},
                 {"type": "indicator", "spec_version": "2.1", "id": "indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                  "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                  "pattern": "[ipv4-addr:value = '203.0.113.10']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z",
                  "object_marking_refs": ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]}]}""");
        return f;
    }

    @Test
    void partnersAgreementsExplainAndLedgerWorkEndToEnd() throws Exception {
        assertThat(run("partner", "add", "acme", "--identity", "identity--0c2e1d5e-5d4a-4b43-9a3e-4f0b0f3c7a11",
                "--jurisdiction", "CN", "--sector", "energy").code()).isZero();
        Run badKey = run("partner", "add", "beta", "--identity", "identity--1d3f2e6f-6e5b-4c54-8b4f-5a1c1a4d8b22",
                "--jurisdiction", "DE", "--key", "AAAA");
        assertThat(badKey.code()).isEqualTo(Main.USAGE);
        assertThat(badKey.err()).contains("public key must be the 32 raw bytes of an Ed25519 key, base64url-encoded; got 3 bytes");
        assertThat(run("partner", "add", "bad", "--identity", "identity--1d3f2e6f-6e5b-4c54-8b4f-5a1c1a4d8b22",
                "--jurisdiction", "XX").err()).contains("jurisdiction 'XX' is not an ISO 3166-1 alpha-2 country code");
        Run agr = run("agreement", "create", "--partner", "acme", "--direction", "both", "--max-tlp", "amber",
                "--max-grade", "important", "--state", "active");
        assertThat(agr.code()).isZero();
        assertThat(agr.out()).startsWith("agr-1");

        Run explain = run("policy", "explain", bundle().toString(), "--partner", "acme", "--show-object");
        assertThat(explain.code()).isEqualTo(Main.NEGATIVE);
        assertThat(explain.out()).contains("ALLOW: indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f to acme")
                .contains("DENY: indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f to acme")
                .contains("[tlp-above-agreement] it is TLP:RED")
                .contains("@pseudonym.invalid").doesNotContain("\"description\" : \"reported by ops@victim.example\"");
        Run json = run("policy", "explain", bundle().toString(), "--partner", "acme", "--json");
        assertThat(json.out()).contains("\"verdict\" : \"deny\"").contains("\"rule\" : \"tlp-above-agreement\"");
        assertThat(run("policy", "explain", dir.resolve("missing.json").toString(), "--partner", "acme").code()).isEqualTo(Main.USAGE);
        assertThat(run("policy", "explain", bundle().toString(), "--partner", "nobody").err()).contains("no partner nobody");

        assertThat(run("agreement", "set-state", "agr-1", "suspended").code()).isZero();
        assertThat(run("policy", "explain", bundle().toString(), "--partner", "acme").out()).contains("agreement agr-1 is suspended");

        Run verify = run("ledger", "verify");
        assertThat(verify.code()).isZero();
        assertThat(verify.out()).startsWith("ok: ");
        Run report = run("ledger", "report", "--partner", "acme", "--since", "2020-01-01");
        assertThat(report.out()).contains("entries by kind:").contains("policy");
        try (Database db = org.datong.node.Node.openDatabase(org.datong.node.NodeConfig.load(dir, null))) {
            TestDatabases.exec(db, "UPDATE ledger_entry SET detail = 'nothing happened' WHERE seq = 2");
        }
        Run broken = run("ledger", "verify");
        assertThat(broken.code()).isEqualTo(Main.NEGATIVE);
        assertThat(broken.out()).isEqualTo("BROKEN at entry 2: entry 2 was altered: its content does not match its hash\n");
    }

    @Test
    void reviewsAreListedAndDecidedFromTheCommandLine() throws Exception {
        run("partner", "add", "beta", "--identity", "identity--1d3f2e6f-6e5b-4c54-8b4f-5a1c1a4d8b22", "--jurisdiction", "DE");
        run("agreement", "create", "--partner", "beta", "--direction", "send", "--max-tlp", "amber", "--max-grade", "core",
                "--review-grades", "general", "--state", "active");
        try (Database db = org.datong.node.Node.openDatabase(org.datong.node.NodeConfig.load(dir, null))) {
            var gate = PolicyCli.gate(db, dir);
            var o = org.datong.stix.StixObject.of(org.datong.stix.json.Json.parseObject("""
                    {"type": "malware", "spec_version": "2.1", "id": "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                     "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "x", "is_family": true,
                     "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}"""));
            assertThat(gate.prepare("beta", "c1", o)).isInstanceOf(org.datong.policy.store.SharingGate.Review.class);
        }
        Run list = run("review", "list");
        assertThat(list.out()).contains("malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061").contains("agreement-review-grade");
        Run approve = run("review", "approve", "1", "--by", "alice", "--note", "fine");
        assertThat(approve.code()).isZero();
        assertThat(approve.out()).contains("review 1 approved by alice");
        assertThat(run("review", "reject", "1", "--by", "bob").err()).contains("review 1 was already approved by alice");
        assertThat(run("review", "list").out()).contains("no pending reviews");
        assertThat(run("review", "list", "--state", "approved", "--json").out()).contains("\"decided_by\" : \"alice\"");
        assertThat(run("ledger", "report", "--partner", "beta").out()).contains("review-approve");
    }

    @Test
    void brokenRulesFileIsReportedExactly() throws Exception {
        assertThat(run("policy", "check").code()).isZero();
        Path rules = dir.resolve("policy").resolve("rules.json");
        assertThat(rules).exists();
        Files.writeString(rules, Files.readString(rules).replace("\"action\": \"deny\"", "\"action\": \"dney\""));
        Run check = run("policy", "check");
        assertThat(check.code()).isEqualTo(Main.NEGATIVE);
        assertThat(check.err()).isEqualTo(rules + ": $.rules[0].action: 'dney' is not an action; expected one of deny, review, minimise, drop-personal-data\n");
        Run other = run("partner", "list");
        assertThat(other.code()).isEqualTo(Main.USAGE);
        assertThat(other.err()).contains("the jurisdiction rules cannot be used").contains("$.rules[0].action");
    }
}
