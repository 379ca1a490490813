package org.datong.policy.store;

import org.datong.federation.NodeIdentity;
import org.datong.policy.JurisdictionRules;
import org.datong.policy.RulesException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The operator-edited jurisdiction rules file of a node: {@code DATA/policy/rules.json}.
 * When it does not exist it is created with {@link JurisdictionRules#DEFAULT_TEXT}
 * (with the jurisdiction of the node's identity when {@code datong init} gave one)
 * (safe defaults: every partner counts as foreign, core never leaves,
 * important needs review, personal information is minimised).
 */
public final class RulesFile {
    private RulesFile() {
    }

    /** The rules file's path in a data folder. */
    public static Path path(Path dataDir) {
        return dataDir.resolve("policy").resolve("rules.json");
    }

    /**
     * Loads and checks the rules, creating the file with safe defaults first when it is missing.
     *
     * @throws RulesException with every problem, each naming the file and JSON path
     */
    public static JurisdictionRules load(Path dataDir) throws RulesException {
        Path file = path(dataDir);
        String text;
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, defaultText(dataDir), StandardCharsets.UTF_8);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new RulesException(List.of(file + ": is not UTF-8 text"));
        } catch (IOException e) {
            throw new RulesException(List.of(file + ": cannot be read or created: " + e.getMessage()));
        }
        return JurisdictionRules.parse(text, file.toString());
    }

    /** The safe defaults, with the node's own jurisdiction when its identity names one. */
    static String defaultText(Path dataDir) {
        String cc = null;
        try {
            if (NodeIdentity.exists(dataDir)) {
                cc = NodeIdentity.load(dataDir).jurisdiction();
            }
        } catch (RuntimeException e) {
            cc = null; // an unreadable identity is reported by the commands that need it; the rules stay safe
        }
        if (cc == null || cc.isBlank()) {
            return JurisdictionRules.DEFAULT_TEXT;
        }
        return JurisdictionRules.DEFAULT_TEXT.replace("\"jurisdiction\": \"ZZ\"", "\"jurisdiction\": \"" + cc + "\"");
    }

    /** The file's text as it is on disk (for change detection), or null when missing. */
    static String text(Path dataDir) {
        try {
            return Files.readString(path(dataDir), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
