package io.neotool.charts.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Literal credentials in env: values that hold one whatever the variable is called (a URL with a password in it, a
 * private key, an access token of a well-known issuer), and names that say they hold one. The spec's checks and the
 * lint's {@code env-secret} rule read both here; the service and web charts refuse the same at render time, with these
 * patterns written in the charts' library ({@code lib.literalSecret}, {@code lib.secretLikeName};
 * {@code ChartLibraryTest} holds them equal).
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

    /**
     * An env name that says it holds a secret: it ends (but for a number: DB_PASSWORD_2) in password, passwd,
     * passphrase or secret, joined or not (PGPASSWORD, JWTSECRET); or its last word (words split at '_', '.', '-' or
     * a lower-case letter before an upper-case one) is token, credential(s), key or apikey, or one of those after a
     * word that makes it a secret (APITOKEN, ACCESSKEY, SECRETKEY; MONKEY is none). A word after it says something
     * about the secret instead: which one or where (SIGNING_KEY_ID, VAULT_SECRET_PATH, POSTGRES_PASSWORD_FILE) or how
     * it is used (KAFKA_KEY_SERIALIZER, TOKEN_COOKIE_ENABLED). In RE2 syntax as well (the charts' {@code regexMatch}).
     */
    public static final String NAME_PATTERN = "(?i:(password|passwd|passphrase|secret)s?_?[0-9]*$)|(?i:(^|[_.-]|api|access|secret|private|signing|encryption|master|auth|bearer|refresh|session)(tokens?|credentials?|keys?|apikeys?)_?[0-9]*$)|[a-z0-9](Tokens?|Credentials?|Keys?|ApiKeys?)[0-9]*$";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    /** Whether env name {@code name} says it holds a secret ({@link #NAME_PATTERN}). */
    public static boolean secretLikeName(String name) {
        return name != null && NAME.matcher(name).find();
    }

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
