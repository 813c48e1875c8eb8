package io.neotool.charts.maven;

import java.util.List;

/** {@code <valuesFile><chart>demo</chart><files><file>ci/staging.yaml</file></files></valuesFile>}: extra environments of a chart. */
public class ValuesFile {
    /** The chart's directory name. */
    String chart;
    /**
     * Values files, each linted as one more environment; relative paths are from the project directory. Several paths
     * in one, comma separated, are layered in that order (helm install -f a -f b).
     */
    List<String> files;
}
