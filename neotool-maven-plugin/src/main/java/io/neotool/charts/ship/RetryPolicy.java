package io.neotool.charts.ship;

import java.time.Duration;

/** How often, and how patiently, a transient registry failure (connection refused, 5xx) is retried. */
public record RetryPolicy(int attempts, Duration initialDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The pause before attempt {@code n+1} (n from 1): doubling from the initial delay. */
    Duration delayAfter(int attempt) {
        return initialDelay.multipliedBy(1L << Math.min(attempt - 1, 10));
    }
}
