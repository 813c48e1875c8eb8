package io.neotool.charts.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test server itself: PostgreSQL 18 from the Maven Central binaries, needing nothing from the machine, with
 * scram-sha-256 logins over JDBC and server settings (the connection budget, replication) applied as given.
 */
class RealPostgresTest {
    @Test
    void postgres18StartsWithTheGivenSettingsAndRefusesAWrongPassword() throws Exception {
        Map<String, String> settings = Map.of("max_connections", "37", "wal_level", "replica", "max_wal_senders", "4",
                "log_line_prefix", "%m [%p] it's ");
        try (RealPostgres pg = RealPostgres.start(settings)) {
            assertTrue(pg.query("SHOW server_version_num").startsWith("18"), "the deployed major version");
            assertEquals("37|replica|4|%m [%p] it's \n", pg.query("SELECT current_setting('max_connections'), "
                    + "current_setting('wal_level'), current_setting('max_wal_senders'), current_setting('log_line_prefix')"));
            assertEquals("scram-sha-256\n", pg.query("SHOW password_encryption"));
            IOException wrong = assertThrows(IOException.class,
                    () -> pg.psqlAs(pg.port, RealPostgres.SUPERUSER, "postgres", "not-the-password", "SELECT 1"));
            assertTrue(wrong.getMessage().contains("password authentication failed"), wrong.getMessage());
        }
    }
}
