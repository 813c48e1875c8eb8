package io.neotool.charts.maven;

import io.neotool.charts.InputException;
import io.neotool.charts.ship.RegistryCredentials;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        unresolved(serverId, "username", server.getUsername());
        unresolved(serverId, "password", server.getPassword());
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                // The problem's message never contains the password itself.
                throw new InputException("Cannot decrypt the password of <server> '" + serverId + "' in settings.xml: "
                        + problem.getMessage() + " (check ~/.m2/settings-security.xml)");
            }
        }
        Server decrypted = result.getServer();
        if (decrypted.getUsername() == null || decrypted.getPassword() == null) {
            throw new InputException("<server> '" + serverId + "' in settings.xml needs a <username> and a <password> (or token)");
        }
        return Optional.of(new RegistryCredentials(decrypted.getUsername(), decrypted.getPassword().toCharArray()));
    }

    /**
     * Maven leaves an expression it cannot resolve, such as {@code ${env.GHCR_TOKEN}} when that variable is
     * unset, as it is: say which one instead of sending it to the registry. Only the expression's name is shown.
     */
    private static void unresolved(String serverId, String field, String value) {
        Matcher m = EXPRESSION.matcher(value == null ? "" : value);
        if (m.find()) {
            String name = m.group(1);
            String what = name.startsWith("env.")
                    ? "environment variable " + name.substring(4) + ", which is not set in this build's environment: export it"
                    : "property " + name + ", which is not set: define it (-D" + name + "=...)";
            throw new InputException("The <" + field + "> of <server> '" + serverId + "' in settings.xml refers to ${" + name
                    + "}: " + what + " before running Maven.");
        }
    }
}
