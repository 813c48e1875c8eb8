package io.neotool.charts.maven;

import io.neotool.charts.InputException;
import io.neotool.charts.ship.RegistryCredentials;
import io.neotool.charts.ship.RegistryProxy;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** Registry credentials from a settings.xml {@code <server>}, its password decrypted ({@code mvn --encrypt-password}). */
final class SettingsCredentials {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private SettingsCredentials() {}

    static Optional<RegistryCredentials> lookup(Settings settings, SettingsDecrypter decrypter, String serverId) {
        Server server = settings == null ? null : settings.getServer(serverId);
        if (server == null) {
            return Optional.empty();
        }
        unresolved("server", serverId, "username", server.getUsername());
        unresolved("server", serverId, "password", server.getPassword());
        Server decrypted = decrypted(decrypter.decrypt(new DefaultSettingsDecryptionRequest(server)), "server", serverId).getServer();
        if (decrypted.getUsername() == null || decrypted.getPassword() == null) {
            throw new InputException("<server> '" + serverId + "' in settings.xml needs a <username> and a <password> (or token)");
        }
        return Optional.of(new RegistryCredentials(decrypted.getUsername(), decrypted.getPassword().toCharArray()));
    }

    /**
     * settings.xml's active {@code <proxy>} (the first with {@code <active>} not false, whatever its protocol), its
     * password decrypted as a server's is, for the push to go through; null without one.
     */
    static RegistryProxy proxy(Settings settings, SettingsDecrypter decrypter) {
        Proxy active = settings == null ? null : settings.getActiveProxy();
        if (active == null) {
            return null;
        }
        String id = active.getId() == null ? active.getHost() : active.getId();
        if (active.getHost() == null || active.getHost().isBlank()) {
            throw new InputException("<proxy> '" + id + "' in settings.xml has no <host>: give it one, or set <active>false</active>");
        }
        unresolved("proxy", id, "username", active.getUsername());
        unresolved("proxy", id, "password", active.getPassword());
        Proxy decrypted = decrypted(decrypter.decrypt(new DefaultSettingsDecryptionRequest(active)), "proxy", id).getProxy();
        return new RegistryProxy(id, decrypted.getHost(), decrypted.getPort(), decrypted.getUsername(),
                decrypted.getPassword() == null ? null : decrypted.getPassword().toCharArray(), decrypted.getNonProxyHosts());
    }

    /** {@code result}, failing on a password it could not decrypt (the problem's message never holds the password). */
    private static SettingsDecryptionResult decrypted(SettingsDecryptionResult result, String element, String id) {
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new InputException("Cannot decrypt the password of <" + element + "> '" + id + "' in settings.xml: "
                        + problem.getMessage() + " (check ~/.m2/settings-security.xml)");
            }
        }
        return result;
    }

    /**
     * Maven leaves an expression it cannot resolve, such as {@code ${env.GHCR_TOKEN}} when that variable is
     * unset, as it is: say which one instead of sending it to the registry. Only the expression's name is shown.
     */
    private static void unresolved(String element, String id, String field, String value) {
        Matcher m = EXPRESSION.matcher(value == null ? "" : value);
        if (m.find()) {
            String name = m.group(1);
            String what = name.startsWith("env.")
                    ? "environment variable " + name.substring(4) + ", which is not set in this build's environment: export it"
                    : "property " + name + ", which is not set: define it (-D" + name + "=...)";
            throw new InputException("The <" + field + "> of <" + element + "> '" + id + "' in settings.xml refers to ${" + name
                    + "}: " + what + " before running Maven.");
        }
    }
}
