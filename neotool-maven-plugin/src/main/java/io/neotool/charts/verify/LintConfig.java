package io.neotool.charts.verify;

import io.neotool.charts.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a project says about its lint, beside the charts: rules switched off or given another severity, objects
 * exempted from named rules (as the {@code neotool.io/lint-exempt} annotation does, from the pom), and extra values
 * files per chart, each linted as one more environment. Validated when built: an unknown rule id, an unknown
 * level, an exemption without a reason or a values file that does not exist fail with what to fix.
 */
public final class LintConfig {
    /** The level that drops a rule's findings. */
    public static final String OFF = "off";

    /** Objects of {@code kind} named {@code name} exempted from {@code rules}, because of {@code reason}. */
    public record Exemption(String kind, String name, Set<String> rules, String reason) {}

    public static final LintConfig NONE = new LintConfig(Map.of(), List.of(), Map.of());

    private final Map<String, Optional<Severity>> levels;
    private final List<Exemption> exemptions;
    private final Map<String, List<List<Path>>> valuesFiles;

    private LintConfig(Map<String, Optional<Severity>> levels, List<Exemption> exemptions, Map<String, List<List<Path>>> valuesFiles) {
        this.levels = levels;
        this.exemptions = exemptions;
        this.valuesFiles = valuesFiles;
    }

    /**
     * @param levels rule id to {@code off}, {@code info}, {@code warning} or {@code error}
     * @param exemptions objects exempted from rules, each with a reason
     * @param valuesFiles chart name (as in its Chart.yaml directory) to its extra environments, each the values files
     *                    layered in that order over the chart's values.yaml (as helm install -f a -f b)
     */
    public static LintConfig of(Map<String, String> levels, List<Exemption> exemptions, Map<String, List<List<Path>>> valuesFiles) {
        Map<String, Optional<Severity>> parsed = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>(); // every entry's problem at once, not one per build
        levels.forEach((id, level) -> said(problems, () -> {
            Rules.require(id, "<rules><rule><id>");
            String l = level == null ? "" : level.strip().toLowerCase(Locale.ROOT);
            if (l.equals(OFF)) {
                parsed.put(id, Optional.empty());
            } else {
                try {
                    parsed.put(id, Optional.of(Severity.valueOf(l.toUpperCase(Locale.ROOT))));
                } catch (IllegalArgumentException e) {
                    throw new InputException("lint rule " + id + (l.isEmpty() ? " has no <severity>" : " has severity '"
                            + level + "'") + "; give one of off, info, warning, error");
                }
            }
        }));
        for (Exemption e : exemptions) {
            said(problems, () -> {
                String which = "lint exemption of " + e.kind() + "/" + e.name();
                if (blank(e.kind()) || blank(e.name())) {
                    throw new InputException(which + " needs both <kind> and <name> of the object it exempts");
                }
                if (e.rules().isEmpty()) {
                    throw new InputException(which + " names no rule; list the rule ids in <rules>, comma separated");
                }
                e.rules().forEach(id -> Rules.require(id, which));
                if (blank(e.reason())) {
                    throw new InputException(which + " has no <reason>: say why the rules " + String.join(", ", e.rules())
                            + " do not apply to it");
                }
            });
        }
        valuesFiles.forEach((chart, environments) -> environments.stream().flatMap(List::stream).forEach(f -> {
            if (!Files.isRegularFile(f)) {
                problems.add("values file " + f + " given for chart " + chart
                        + " in <valuesFiles> does not exist; fix the path (relative paths are from the project directory)");
            }
        }));
        if (!problems.isEmpty()) {
            throw new InputException(problems.size() == 1 ? problems.get(0)
                    : "The lint's configuration has " + problems.size() + " problems:\n  " + String.join("\n  ", problems));
        }
        return new LintConfig(Map.copyOf(parsed), List.copyOf(exemptions), Map.copyOf(valuesFiles));
    }

    /** Runs one entry's checks; what they refuse is added to {@code problems}. */
    private static void said(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (InputException e) {
            problems.add(e.getMessage());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The extra environments of a chart: each the values files layered in order over its values.yaml. */
    public List<List<Path>> valuesFiles(String chart) {
        return valuesFiles.getOrDefault(chart, List.of());
    }

    /** Every extra values file, in the order of the charts' names. */
    public List<Path> valuesFiles() {
        return new java.util.TreeMap<>(valuesFiles).values().stream().flatMap(List::stream).flatMap(List::stream).toList();
    }

    /** The configuration as one text, the same for the same configuration: part of the lint's inputs. */
    public String canonical() {
        return "levels=" + new java.util.TreeMap<>(levels) + " exemptions=" + exemptions
                + " valuesFiles=" + new java.util.TreeMap<>(valuesFiles);
    }

    /** Charts named in the values files that lint did not find: a typo the user must hear about. */
    public Set<String> valuesFileCharts() {
        return new TreeSet<>(valuesFiles.keySet());
    }

    /**
     * The exemptions, each with only its rules that match none of {@code findings} (by kind, name and rule): a typo,
     * or stale; an exemption whose every rule met a finding is left out.
     */
    public List<Exemption> unused(List<Finding> findings) {
        List<Exemption> unused = new ArrayList<>();
        for (Exemption e : exemptions) {
            Set<String> unmet = new TreeSet<>(e.rules());
            findings.stream().filter(f -> e.kind().equals(f.kind()) && e.name().equals(f.name()))
                    .forEach(f -> unmet.remove(f.ruleId()));
            if (!unmet.isEmpty()) {
                unused.add(new Exemption(e.kind(), e.name(), unmet, e.reason()));
            }
        }
        return unused;
    }

    private static boolean matches(Exemption e, Finding f) {
        return e.kind().equals(f.kind()) && e.name().equals(f.name()) && e.rules().contains(f.ruleId());
    }

    /**
     * The findings as the project wants them: exempted objects' findings become info with the pom's reason (an
     * exemption is never raised again by a level), then each rule's level changes or drops the rest.
     */
    public List<Finding> apply(List<Finding> findings) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            if (!f.isExemption()) { // an info finding too: a level may raise it below
                for (Exemption e : exemptions) {
                    if (matches(e, f)) {
                        f = f.withSeverity(Severity.INFO, "exempted (pom <exemption>: " + e.reason().strip() + "): " + f.message());
                        break;
                    }
                }
            }
            Optional<Severity> level = levels.get(f.ruleId());
            if (level == null || f.isExemption()) {
                out.add(f);
            } else if (level.isPresent()) {
                out.add(f.severity() == level.get() ? f : f.withSeverity(level.get(), f.message()));
            }
        }
        return out;
    }
}
