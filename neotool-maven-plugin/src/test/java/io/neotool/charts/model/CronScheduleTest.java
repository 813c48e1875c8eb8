package io.neotool.charts.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Schedules as the API server parses a CronJob's (robfig/cron's standard five fields and descriptors). */
class CronScheduleTest {
    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
            "0 3 * * * | ''",
            "*/15 0-6,22-23 1,15 JAN-mar mon-FRI | ''",
            "30 2 ? * 0 | ''",
            "@daily | ''",
            "@every 1h30m | ''",
            "0 25 * * * | hour '25' is out of range (0-23)",
            "0 3 * * 7 | day of week '7' is out of range (0-6 or SUN-SAT)",
            "0 3 0 * * | day of month '0' is out of range (1-31)",
            "0 3 * 13 * | month '13' is out of range (1-12 or JAN-DEC)",
            "5-1 3 * * * | minute '5-1' starts after it ends",
            "*/0 3 * * * | minute '*/0' has a step of 0",
            "0 3 * * | has 4 fields, not five",
            "nightly | has 1 field, not five",
            "@nightly | '@nightly' is not a descriptor",
            "'@daily ' | '@daily ' has spaces around its descriptor",
            "' 0 3 * * * ' | ''",
            "TZ=UTC 0 3 * * * | a time zone in the schedule is refused",
            "0 3 L * * | day of month 'L' is out of range (1-31)"})
    void aScheduleIsTakenOrSaysWhatIsWrong(String schedule, String expected) {
        String problem = CronSchedule.problem(schedule).orElse("");
        assertEquals(expected, problem.substring(0, Math.min(problem.length(), expected.length())), problem);
        assertEquals(expected.isEmpty(), problem.isEmpty(), problem);
    }

    /** The longest time between two runs, in minutes; -1: never runs. */
    @ParameterizedTest(name = "''{0}'': {1} min")
    @CsvSource(delimiter = '|', value = {
            "17 4 * * * | 1440",
            "@daily | 1440",
            "@hourly | 60",
            "@every 1h30m | 90",
            "0 3 * * 0 | 10080",
            "@weekly | 10080",
            "0 3,15 * * * | 720",
            "0 1,23 * * * | 1320",
            "*/15 * * * * | 15",
            "5/20 * * * * | 20",
            "0 3 * * 1-5 | 4320",
            "0 3 1 * * | 44640",
            "@monthly | 44640",
            "0 4 1 1 * | 527040",
            "0 4 1,15 * 1 | 10080",
            "0 4 */2 * 1 | 2880",
            "0 4 29 2 * | 2103840",
            "0 4 30 2 * | -1",
            "0 4 31 4,6,9,11 * | -1"})
    void theLongestTimeBetweenTwoRuns(String schedule, long minutes) {
        assertEquals("", CronSchedule.problem(schedule).orElse(""));
        assertEquals(minutes, CronSchedule.longestGap(schedule).map(java.time.Duration::toMinutes).orElse(-1L));
    }
}
