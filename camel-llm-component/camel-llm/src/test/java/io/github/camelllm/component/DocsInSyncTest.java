package io.github.camelllm.component;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/options.md in step with the component catalog: every component option, endpoint option (path parameter
 * included) and header of llm.json must appear as {@code `name`} in a table row of docs/options.md.
 */
class DocsInSyncTest {

    private static final String CATALOG = "META-INF/io/github/camelllm/component/llm.json";
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private static JsonNode catalog;
    private static Set<String> documented;
    private static Path optionsDoc;

    @BeforeAll
    static void read() throws Exception {
        try (InputStream in = DocsInSyncTest.class.getClassLoader().getResourceAsStream(CATALOG)) {
            assertNotNull(in, CATALOG + " is not on the test classpath");
            catalog = new ObjectMapper().readTree(in);
        }
        optionsDoc = Path.of(System.getProperty("user.dir")).resolve("../../docs/options.md").normalize();
        assertTrue(Files.isRegularFile(optionsDoc), optionsDoc + " does not exist (run the build from the repository)");
        documented = new TreeSet<>();
        for (String line : Files.readAllLines(optionsDoc, StandardCharsets.UTF_8)) {
            String row = line.strip();
            if (!row.startsWith("|")) {
                continue;
            }
            // only the first cell names the option or header; other cells may mention names in passing
            String[] cells = row.substring(1).split("(?<!\\\\)\\|", -1);
            if (cells.length == 0) {
                continue;
            }
            Matcher m = CODE.matcher(cells[0]);
            while (m.find()) {
                documented.add(m.group(1).strip());
            }
        }
    }

    @Test
    void everyComponentOptionIsDocumented() {
        assertAllDocumented("component option", names("componentProperties"));
    }

    @Test
    void everyEndpointOptionIsDocumented() {
        assertAllDocumented("endpoint option", names("properties"));
    }

    @Test
    void everyHeaderIsDocumented() {
        assertAllDocumented("header", names("headers"));
    }

    private static List<String> names(String section) {
        JsonNode node = catalog.get(section);
        assertNotNull(node, "catalog has no '" + section + "' section");
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        assertFalse(names.isEmpty(), "catalog section '" + section + "' is empty");
        return names;
    }

    private static void assertAllDocumented(String kind, List<String> names) {
        List<String> missing = names.stream().filter(n -> !documented.contains(n)).toList();
        assertTrue(missing.isEmpty(), "docs/options.md (" + optionsDoc + ") has no table row for the " + kind + "(s) " + missing
                + ": add a row whose first cell is `name` (see the header of docs/options.md)");
    }
}
