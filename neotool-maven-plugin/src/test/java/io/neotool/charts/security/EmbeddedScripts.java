package io.neotool.charts.security;

import static io.neotool.charts.testtools.Manifests.name;
import static io.neotool.charts.testtools.YamlTree.list;
import static io.neotool.charts.testtools.YamlTree.map;

import io.neotool.charts.testtools.Manifests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell scripts of the rendered charts: containers' {@code command: [/bin/sh, -c]} with the script as first arg
 * (in Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and bare Pods such as Helm tests), and the {@code *.sh}
 * keys of ConfigMaps.
 */
final class EmbeddedScripts {
    private EmbeddedScripts() {}

    /** Script by "Kind namespace/name container", in document order. */
    static Map<String, String> of(Manifests docs) {
        Map<String, String> scripts = new LinkedHashMap<>();
        for (Map<String, Object> doc : docs) {
            if ("ConfigMap".equals(doc.get("kind"))) {
                map(doc, "data").forEach((key, value) -> {
                    if (key.endsWith(".sh")) {
                        scripts.put("ConfigMap " + name(doc) + " " + key, String.valueOf(value));
                    }
                });
                continue;
            }
            Map<String, Object> pod = "CronJob".equals(doc.get("kind"))
                    ? map(doc, "spec", "jobTemplate", "spec", "template", "spec")
                    : "Pod".equals(doc.get("kind")) ? map(doc, "spec") : map(doc, "spec", "template", "spec");
            for (String field : List.of("initContainers", "containers")) {
                for (Object c : list(pod, field)) {
                    Map<String, Object> container = map(c);
                    List<Object> command = list(container, "command");
                    if (command.size() < 2 || !String.valueOf(command.get(0)).endsWith("sh")) {
                        continue;
                    }
                    String where = doc.get("kind") + " " + name(doc) + " " + container.get("name");
                    if (command.get(command.size() - 1).equals("-c")) { // sh -c, the script in args
                        scripts.put(where, (String) list(container, "args").get(0));
                    } else if (command.size() >= 3 && command.get(1).equals("-c")) { // sh -c <script> [$0 [args]]
                        scripts.put(where, (String) command.get(2));
                    }
                }
            }
        }
        return scripts;
    }
}
