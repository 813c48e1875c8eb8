package io.neotool.charts.model;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        if (s.startsWith("@") && !s.equals(schedule)) {
            return Optional.of("'" + schedule + "' has spaces around its descriptor, which the API server refuses (robfig/cron "
                    + "reads a descriptor only as the whole schedule); write '" + s + "'");
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

    /** The five-field schedules the descriptors stand for (robfig/cron's). */
    private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final Pattern EVERY_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");
    /** The years searched for a run: the calendar's days of the week and leap days repeat within them. */
    private static final int YEARS = 12;

    /** The seconds of a Go duration, as robfig/cron and Prometheus read one (1h30m, 30s, 500ms): its parts summed. */
    static double seconds(String duration) {
        double seconds = 0;
        Matcher m = EVERY_PART.matcher(duration);
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            seconds += switch (m.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                case "s" -> n;
                case "ms" -> n / 1e3;
                case "us", "µs" -> n / 1e6;
                default -> n / 1e9;
            };
        }
        return seconds;
    }

    /** A gap as the spec's messages say it: "25 hours", or "48 hours 30 minutes". */
    public static String hours(Duration gap) {
        long minutes = gap.toMinutes() % 60;
        return gap.toHours() + " hours" + (minutes == 0 ? "" : " " + minutes + " minutes");
    }

    /**
     * The longest time between two runs of {@code schedule}, one {@link #problem} accepts, in UTC, the time zone the
     * charts' CronJobs name (in a zone with daylight saving, robfig/cron skips a time the clock jumps over, so a run at
     * 2:30 would be missed once a year); empty when no date in the next years matches it (February 30th), so that the
     * CronJob never runs. Day of month and day of week restricted both: a day that matches either, as robfig/cron has
     * it.
     */
    public static Optional<Duration> longestGap(String schedule) {
        String s = schedule.trim();
        if (s.startsWith("@every ")) {
            return Optional.of(Duration.ofMillis((long) (seconds(s.substring("@every ".length())) * 1000)));
        }
        String[] parts = DESCRIPTORS.getOrDefault(s, s).split("\\s+");
        List<BitSet> sets = new ArrayList<>();
        List<Boolean> stars = new ArrayList<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            sets.add(values(parts[i], FIELDS.get(i)));
            // robfig/cron's "star": a '*' or '?' without a step above 1, in any part of the field
            stars.add(Arrays.stream(parts[i].split(",")).anyMatch(p -> p.matches("[*?](/0*1)?")));
        }
        // the minutes of a day it runs at, in order
        List<Integer> times = new ArrayList<>();
        for (int h = sets.get(1).nextSetBit(0); h >= 0; h = sets.get(1).nextSetBit(h + 1)) {
            for (int m = sets.get(0).nextSetBit(0); m >= 0; m = sets.get(0).nextSetBit(m + 1)) {
                times.add(h * 60 + m);
            }
        }
        long longest = 0;
        for (int i = 1; i < times.size(); i++) {
            longest = Math.max(longest, times.get(i) - times.get(i - 1));
        }
        LocalDate day = LocalDate.of(2025, 1, 1);
        LocalDate end = day.plusYears(YEARS);
        long previous = -1; // the epoch day of the last day it ran
        boolean domAndDow = stars.get(2) || stars.get(4);
        for (; day.isBefore(end); day = day.plusDays(1)) {
            boolean dom = sets.get(2).get(day.getDayOfMonth());
            boolean dow = sets.get(4).get(day.getDayOfWeek().getValue() % 7);
            if (sets.get(3).get(day.getMonthValue()) && (domAndDow ? dom && dow : dom || dow)) {
                long today = day.toEpochDay();
                if (previous >= 0) {
                    longest = Math.max(longest, (today - previous) * 1440 - times.get(times.size() - 1) + times.get(0));
                }
                previous = today;
            }
        }
        return previous < 0 ? Optional.empty() : Optional.of(Duration.ofMinutes(longest));
    }

    /** The values {@code text} (valid for {@code f}) stands for: lists, ranges, steps ({@code N/step} is N to max). */
    private static BitSet values(String text, Field f) {
        BitSet set = new BitSet();
        for (String range : text.split(",")) {
            Matcher m = RANGE.matcher(range);
            m.matches(); // problem() took it
            String head = m.group(1);
            int step = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
            int start;
            int end;
            if (head.equals("*") || head.equals("?")) {
                start = f.min();
                end = f.max();
            } else {
                String[] bounds = head.split("-");
                start = value(bounds[0], f);
                end = bounds.length > 1 ? value(bounds[1], f) : m.group(4) != null ? f.max() : start;
            }
            for (int v = start; v <= end; v += step) {
                set.set(v);
            }
        }
        return set;
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
