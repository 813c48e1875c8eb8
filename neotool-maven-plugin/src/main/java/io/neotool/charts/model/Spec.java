package io.neotool.charts.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded, valid spec: the base (dev) platform and each environment's, already merged with its overrides.
 *
 * @param file where the spec was read from
 * @param base the platform with the spec's defaults (values.yaml)
 * @param environments per environment name, the platform with that environment's overrides (values-NAME.yaml)
 * @param notices what the spec writes that has no effect, each at its line (generate warns of them)
 */
public record Spec(Path file, PlatformSpec base, Map<String, PlatformSpec> environments, List<SpecProblem> notices) {}
