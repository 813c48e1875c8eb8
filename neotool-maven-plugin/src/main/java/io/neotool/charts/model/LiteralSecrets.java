package io.neotool.charts.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values that hold a credential whatever the variable holding them is called: a URL with a password in it, a private
 * key, an access token of a well-known issuer. The spec's checks and the lint's {@code env-secret} rule read them here;
 * the service and web charts refuse the same forms at render time, with this pattern written in the charts' library
 * ({@code lib.literalSecret}; {@code ChartLibraryTest} holds the two equal).
 */
public final class LiteralSecrets {
    private LiteralSecrets() {}

    /**
     * The forms, in RE2 syntax as well (the charts' {@code regexMatch}). A URL's password written as a reference to
     * another variable ({@code $(DB_PASSWORD)}, expanded by the kubelet from a secretEnv one) is not a literal.
     */
    public static final String PATTERN = "(://[^/@\\s:]+:[^$/@\\s][^/@\\s]*@)|(-----BEGIN [A-Z ]*PRIVATE KEY-----)"
            + "|(\\b(AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}"
            + "|glpat-[A-Za-z0-9_-]{20}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,})\\b)";

    private static final Pattern FORMS = Pattern.compile(PATTERN);

    /** What credential {@code value} holds ("a URL with a password", ...), or null for none of the forms. */
    public static String kind(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = FORMS.matcher(value);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? "a URL with a password" : m.group(2) != null ? "a private key" : "an access token";
    }
}
