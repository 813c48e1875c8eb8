package io.neotool.charts.ship;

import java.util.Objects;

/** A registry user and password (or token). {@link #toString()} never shows the password. */
public record RegistryCredentials(String username, char[] password) {
    public RegistryCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        password = password.clone();
    }

    @Override
    public char[] password() {
        return password.clone();
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=****]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RegistryCredentials that && username.equals(that.username)
                && java.util.Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
        return username.hashCode();
    }
}
