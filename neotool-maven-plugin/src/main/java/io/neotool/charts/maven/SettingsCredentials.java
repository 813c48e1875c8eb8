package io.neotool.charts.maven;

import io.neotool.charts.InputException;
import io.neotool.charts.ship.RegistryCredentials;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** Registry credentials from a settings.xml {@code <server>}, its password decrypted ({@code mvn --encrypt-password}). */
final class SettingsCredentials {
    private SettingsCredentials() {}

    static Optional<RegistryCredentials> lookup(Settings settings, SettingsDecrypter decrypter, String serverId) {
        Server server = settings == null ? null : settings.getServer(serverId);
        if (server == null) {
            return Optional.empty();
        }
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
}
