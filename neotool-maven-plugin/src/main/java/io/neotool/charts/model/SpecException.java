package io.neotool.charts.model;

import io.neotool.charts.InputException;
import java.util.List;
import java.util.stream.Collectors;

/** The spec is wrong; carries every problem found, not only the first. */
public class SpecException extends InputException {
    private final List<SpecProblem> problems;

    public SpecException(List<SpecProblem> problems) {
        super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in the spec:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
