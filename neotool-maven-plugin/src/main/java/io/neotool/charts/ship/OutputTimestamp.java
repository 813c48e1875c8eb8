package io.neotool.charts.ship;

import io.neotool.charts.InputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The time stamped into chart archives and their OCI manifest, read the way Maven reads
 * {@code project.build.outputTimestamp}: ISO-8601 with an offset ({@code 2026-01-01T00:00:00Z}) or
 * seconds since the epoch; empty or a single character means "not set".
 */
public final class OutputTimestamp {
    /** Used when a project sets no output timestamp: fixed, so archives stay reproducible. */
    public static final Instant FALLBACK = Instant.EPOCH;

    private OutputTimestamp() {}

    /** The instant, or empty when the value is not set. Rounded down to whole seconds (tar keeps seconds). */
    public static Optional<Instant> parse(String value) {
        if (value == null || value.trim().length() < 2) {
            return Optional.empty();
        }
        String text = value.trim();
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
            }
            return Optional.of(OffsetDateTime.parse(text).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InputException("Invalid output timestamp '" + text + "' (project.build.outputTimestamp):"
                    + " use ISO-8601 with an offset such as 2026-01-01T00:00:00Z, or seconds since the epoch");
        }
    }
}
