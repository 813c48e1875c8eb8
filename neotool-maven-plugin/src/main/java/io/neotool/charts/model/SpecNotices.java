package io.neotool.charts.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a valid spec says that has no effect, for generate to warn of. A {@code replicas} beside an autoscaling that is
 * on is not used (the HorizontalPodAutoscaler sets the replicas): said where no environment uses it, that is where
 * the base's is overridden by autoscaling in every environment, or where an environment writes its own.
 */
public final class SpecNotices {
    private SpecNotices() {}

    /** A record with replicas and autoscaling, found at {@code path}. */
    private record Scaled(int replicas, int defaultReplicas, ServiceSpec.Autoscaling autoscaling) {}

    public static List<String> of(Spec spec) {
        Map<String, Scaled> base = scaled(spec.base());
        List<String> notices = new ArrayList<>();
        base.forEach((path, b) -> {
            boolean usedSomewhere = !b.autoscaling().enabled() || spec.environments().values().stream()
                    .map(env -> scaled(env).get(path)).anyMatch(e -> e != null && !e.autoscaling().enabled());
            if (!usedSomewhere && b.replicas() != b.defaultReplicas()) {
                notices.add(unused(path, b, spec.environments().isEmpty() ? "" : " in every environment"));
            }
        });
        spec.environments().forEach((name, env) -> scaled(env).forEach((path, e) -> {
            Scaled b = base.get(path);
            if (e.autoscaling().enabled() && b != null && e.replicas() != b.replicas()) {
                notices.add(SpecLoader.ENVIRONMENTS + "." + name + ": " + unused(path, e, " in " + name));
            }
        }));
        return notices;
    }

    private static String unused(String path, Scaled s, String where) {
        return path + ".replicas: " + s.replicas() + " is not used: autoscaling is on" + where + ", so the "
                + "HorizontalPodAutoscaler keeps " + s.autoscaling().minReplicas() + " to " + s.autoscaling().maxReplicas()
                + " pods. Remove replicas, or set " + path + ".autoscaling.minReplicas.";
    }

    /** Every deployed record of {@code platform} with replicas and autoscaling, by key path. */
    private static Map<String, Scaled> scaled(PlatformSpec platform) {
        Map<String, Scaled> found = new LinkedHashMap<>();
        SpecWalk.enabled(platform, PlatformSpec.DEFAULTS, node -> {
            if (node.value() instanceof ServiceSpec.Autoscaling a && node.owner() != null
                    && Component.hasComponent(node.owner().getClass(), "replicas")) {
                Record defaults = (Record) Records.defaultsOf(node.owner().getClass());
                found.put(node.path().substring(0, node.path().length() - ".autoscaling".length()), new Scaled(
                        (Integer) Component.read(node.owner(), "replicas"), (Integer) Component.read(defaults, "replicas"), a));
            }
        });
        return found;
    }
}
