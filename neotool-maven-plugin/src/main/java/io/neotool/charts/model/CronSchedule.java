package io.neotool.charts.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CronJob's schedule as the API server parses it (the standard five-field cron of robfig/cron, which Kubernetes
 * uses, or one of its descriptors): the spec checks the backup's, the lint every rendered CronJob's.
 */
public final class CronSchedule {
    private CronSchedule() {}

    private record Field(String name, int min, int max, List<String> names) {}

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final List<Field> FIELDS = List.of(new Field("minute", 0, 59, List.of()),
            new Field("hour", 0, 23, List.of()), new Field("day of month", 1, 31, List.of()),
            new Field("month", 1, 12, MONTHS), new Field("day of week", 0, 6, DAYS));
    private static final Pattern DESCRIPTOR = Pattern.compile("@(yearly|annually|monthly|weekly|daily|midnight|hourly)");
    private static final Pattern EVERY = Pattern.compile("@every ([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern RANGE = Pattern.compile("(\\*|\\?|[A-Za-z0-9]+(-[A-Za-z0-9]+)?)(/([0-9]+))?");

    /** What is wrong with {@code schedule}, in words; empty when the API server takes it. */
    public static Optional<String> problem(String schedule) {
        String s = schedule.trim();
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            return Optional.of("a time zone in the schedule is refused; set the CronJob's timeZone instead");
        }
        if (s.startsWith("@")) {
            return DESCRIPTOR.matcher(s).matches() || EVERY.matcher(s).matches() ? Optional.empty()
                    : Optional.of("'" + s + "' is not a descriptor (@yearly, @monthly, @weekly, @daily, @hourly, @every 1h30m)");
        }
        String[] parts = s.split("\\s+");
        if (parts.length != FIELDS.size()) {
            return Optional.of("has " + parts.length + (parts.length == 1 ? " field" : " fields") + ", not five (minute hour "
                    + "day-of-month month day-of-week, "
                    + "e.g. '0 3 * * *')");
        }
        for (int i = 0; i < parts.length; i++) {
            Optional<String> p = field(parts[i], FIELDS.get(i));
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> field(String text, Field f) {
        for (String range : text.split(",", -1)) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
                return Optional.of(f.name() + " '" + range + "' is not a value, a range, '*' or a step (e.g. 1-5, */15)");
            }
            if (m.group(4) != null && Integer.parseInt(m.group(4)) == 0) {
                return Optional.of(f.name() + " '" + range + "' has a step of 0");
            }
            String head = m.group(1);
            if (head.equals("*") || head.equals("?")) {
                continue;
            }
            String[] bounds = head.split("-");
            int start = value(bounds[0], f);
            int end = bounds.length > 1 ? value(bounds[1], f) : start;
            if (start < 0 || end < 0) {
                return Optional.of(f.name() + " '" + range + "' is out of range (" + f.min() + "-" + f.max()
                        + (f.names().isEmpty() ? "" : " or " + f.names().get(0) + "-" + f.names().get(f.names().size() - 1)) + ")");
            }
            if (start > end) {
                return Optional.of(f.name() + " '" + range + "' starts after it ends");
            }
        }
        return Optional.empty();
    }

    /** The number {@code text} stands for in {@code f}, or -1 when it is none of its values. */
    private static int value(String text, Field f) {
        int name = f.names().indexOf(text.toUpperCase(Locale.ROOT));
        if (name >= 0) {
            return name + f.min();
        }
        if (!text.matches("[0-9]{1,9}")) {
            return -1;
        }
        int n = Integer.parseInt(text);
        return n < f.min() || n > f.max() ? -1 : n;
    }
}
