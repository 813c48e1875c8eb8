package io.neotool.charts.model;

/** One thing wrong with the spec, where it is and what to do. Line and column are 1-based; 0 when unknown. */
public record SpecProblem(String file, int line, int column, String path, String message) {
    @Override
    public String toString() {
        String where = line <= 0 ? file : column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
        return where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
