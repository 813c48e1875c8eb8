package io.neotool.charts.security;

import static io.neotool.charts.security.Rendered.list;
import static io.neotool.charts.security.Rendered.map;
import static io.neotool.charts.security.Rendered.name;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell scripts of rendered containers (of workloads' pod templates and of bare Pods such as Helm tests):
 * {@code command: [/bin/sh, -c]} with the script as first arg.
 */
final class EmbeddedScripts {
    private EmbeddedScripts() {}

    /** Script by "Kind namespace/name container", in document order. */
    static Map<String, String> of(List<Map<String, Object>> docs) {
        Map<String, String> scripts = new LinkedHashMap<>();
        for (Map<String, Object> doc : docs) {
            Map<String, Object> pod = "Pod".equals(doc.get("kind")) ? map(doc, "spec") : map(doc, "spec", "template", "spec");
            for (String field : List.of("initContainers", "containers")) {
                for (Object c : list(pod, field)) {
                    Map<String, Object> container = map(c);
                    List<Object> command = list(container, "command");
                    if (command.size() >= 2 && String.valueOf(command.get(0)).endsWith("sh")
                            && command.get(command.size() - 1).equals("-c")) {
                        scripts.put(doc.get("kind") + " " + name(doc) + " " + container.get("name"),
                                (String) list(container, "args").get(0));
                    }
                }
            }
        }
        return scripts;
    }
}
