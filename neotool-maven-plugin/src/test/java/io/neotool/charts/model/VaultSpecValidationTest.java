package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.SERVICE;
import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.TestSpecs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole-spec rules about Vault: mode and token against the environment, services against Vault. */
class VaultSpecValidationTest {
    @TempDir
    Path dir;

    @Test
    void theRepositorySpecUsesDevLocallyAndHaInProd() throws IOException {
        Spec spec = new SpecLoader().load(TestPaths.spec(), "0.1.0");
        assertEquals("dev", spec.base().vault().mode());
        assertTrue(spec.base().vault().token().create());
        VaultSpec prod = spec.environments().get("prod").vault();
        assertEquals("ha", prod.mode());
        assertEquals(3, prod.ha().replicas());
        assertEquals(false, prod.token().create());
        assertEquals("", prod.token().value());
        assertEquals("hashicorp/vault", prod.image().repository());
        assertEquals("1.21.1", prod.image().tag());
    }

    @Test
    void theVaultInitImageIsPinnedLikeEveryOtherImage() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  app:
                    image: {repository: neotool-app, tag: "1.0.0"}
                    vaultInit: {image: {tag: latest}}
                """);
        SpecProblem tag = at(problems, "services.app.vaultInit.image.tag");
        assertTrue(tag.message().contains("'latest' is not a pinned version"), tag.message());
    }

    @Test
    void envTheChartSetsFromVaultInitAndPortIsRefusedWithWhereToChangeIt() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  app:
                    image: {repository: neotool-app, tag: "1.0.0"}
                    env: {JWT_KEY_ID: kid-1, MICRONAUT_SERVER_PORT: "8081", MICRONAUT_METRICS_BINDERS_WEB_SERVER_HISTOGRAM: "false",
                          JAVA_TOOL_OPTIONS: "-Xmx1g"}
                    secretEnv: {VAULT_TOKEN: {secretName: mine, key: token}}
                  billing:
                    image: {repository: neotool-billing, tag: "1.0.0"}
                    platform: {vault: {enabled: false}}
                    env: {JWT_KEY_ID: kid-1}
                  reports:
                    image: {repository: neotool-reports, tag: "1.0.0"}
                    vaultInit: {enabled: false}
                    javaToolOptions: ""
                    env: {JWT_KEY_ID: kid-1, JAVA_TOOL_OPTIONS: "-Xmx1g"}
                """);
        assertTrue(at(problems, "services.app.env.JWT_KEY_ID").message().contains("vaultInit.keyPath"), problems::toString);
        assertTrue(at(problems, "services.app.secretEnv.VAULT_TOKEN").message().contains("vaultInit.tokenSecret"),
                problems::toString);
        assertTrue(at(problems, "services.app.env.MICRONAUT_SERVER_PORT").message().contains("change port"),
                problems::toString);
        assertTrue(at(problems, "services.app.env.MICRONAUT_METRICS_BINDERS_WEB_SERVER_HISTOGRAM").message()
                .contains("metrics.latencyHistogram"), problems::toString);
        assertTrue(at(problems, "services.app.env.JAVA_TOOL_OPTIONS").message().contains("javaToolOptions"), problems::toString);
        assertTrue(problems.stream().noneMatch(p -> p.path().startsWith("services.billing")),
                "without Vault the service sets its own key id: " + problems);
        assertTrue(problems.stream().noneMatch(p -> p.path().startsWith("services.reports")),
                "a service that reads no keys from Vault (vaultInit off) sets its own key id, and with javaToolOptions "
                        + "empty its own JVM options: " + problems);
    }

    @Test
    void aRenewalScheduleTheApiServerWouldRefuseIsRefusedHere() {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                vault:
                  token: {renewal: {schedule: "every day"}}
                """);
        assertTrue(at(problems, "vault.token.renewal.schedule").message().contains("not a schedule the API server takes"),
                problems::toString);
    }

    /**
     * Outside dev mode a renewal runs at least every other day (the tokens' period is 768h, and the alert on a
     * renewal that stopped fires after 3 days), and on some date.
     */
    @Test
    void aRenewalScheduleRunsAtLeastEveryOtherDay() {
        String standalone = SERVICE + """
                vault:
                  mode: standalone
                  token: {create: false, renewal: {schedule: "%s"}}
                """;
        for (String weekly : List.of("0 4 * * 0", "@weekly")) {
            String message = at(problems(dir, standalone.formatted(weekly)), "vault.token.renewal.schedule").message();
            assertTrue(message.contains("leaves up to 168 hours between two renewals; run it at least every 48 hours")
                    && message.contains("VaultTokenRenewalFailing"), message);
        }
        String halfHour = at(problems(dir, standalone.formatted("@every 48h30m")), "vault.token.renewal.schedule").message();
        assertTrue(halfHour.contains("leaves up to 48 hours 30 minutes between two renewals"), halfHour);
        assertTrue(at(problems(dir, standalone.formatted("0 4 30 2 *")), "vault.token.renewal.schedule").message()
                .contains("matches no date, so the tokens are never renewed"));
        for (String fine : List.of("17 4 * * *", "17 4 */2 * *", "0 */6 * * *")) {
            List<SpecProblem> problems = TestSpecs.problemsIfAny(dir, standalone.formatted(fine));
            assertTrue(problems.stream().noneMatch(p -> p.path().equals("vault.token.renewal.schedule")), fine + ": " + problems);
        }
        // in dev mode no renewal runs (the root token does not expire)
        List<SpecProblem> dev = TestSpecs.problemsIfAny(dir, SERVICE + """
                vault:
                  token: {renewal: {schedule: "0 4 * * 0"}}
                """);
        assertTrue(dev.stream().noneMatch(p -> p.path().equals("vault.token.renewal.schedule")), dev::toString);
    }

    @Test
    void devModeAndALiteralTokenAreRefusedInProdWithTheirKeyPaths() {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                vault:
                  token: {value: root}
                environments:
                  prod: {}
                """);
        SpecProblem mode = at(problems, "environments.prod: vault.mode");
        assertTrue(mode.message().contains("not allowed in prod"), mode.message());
        assertTrue(mode.message().contains("ha"), mode.message());
        assertTrue(mode.message().contains("its token comes from `vault operator init`"), mode.message());
        SpecProblem token = at(problems, "environments.prod: vault.token.value");
        assertTrue(token.message().contains("literal Vault token"), token.message());
        assertEquals(5, token.line(), "points at the token's line");
    }

    @Test
    void tokenCreationOnlyInDevAndAnOddRaftQuorum() {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                vault:
                  mode: ha
                  ha: {replicas: 4}
                  token: {create: true}
                """);
        assertTrue(at(problems, "vault.token.create").message().contains("vault operator init"));
        assertTrue(at(problems, "vault.ha.replicas").message().contains("odd"));
        // a disruption budget that lets a majority of the Raft servers go at once
        List<SpecProblem> budget = problems(dir, SERVICE + """
                vault:
                  mode: ha
                  ha: {replicas: 3, maxUnavailable: 2}
                  token: {create: false}
                """);
        assertTrue(at(budget, "vault.ha.maxUnavailable").message().contains("at most 1 may be evicted at once"),
                budget::toString);
    }

    /** Unwritten, the chart makes the token's Secret in dev mode alone, in every environment after its own mode. */
    @Test
    void theTokensSecretFollowsTheModeUnlessWritten() throws IOException {
        Spec spec = load(dir, SERVICE + """
                observability: {enabled: false}
                environments:
                  prod:
                    vault: {mode: ha}
                """);
        assertTrue(spec.base().vault().token().create(), "dev mode: the dev server's root token");
        assertFalse(spec.environments().get("prod").vault().token().create(), "ha: vault operator init's");
        assertFalse(load(dir, SERVICE + "vault: {mode: standalone}\n").base().vault().token().create(),
                "standalone: vault operator init's");
        List<SpecProblem> written = problems(dir, SERVICE + """
                vault: {token: {create: true}}
                observability: {enabled: false}
                environments:
                  prod:
                    vault: {mode: ha}
                """);
        assertTrue(at(written, "environments.prod: vault.token.create").message().contains("vault operator init"),
                written::toString);
    }

    /** Outside dev mode a service's token is periodic: one the renewal does not reach would stop working. */
    @Test
    void aTokenTheRenewalDoesNotReachIsRefused() throws java.io.IOException {
        String ha = """
                vault: {mode: ha, token: {create: false}}
                services:
                  app:
                    image: {repository: neotool-app, tag: "1.0.0"}
                    namespace: neotool-app
                    vaultInit: {enabled: true}
                """;
        SpecProblem own = at(problems(dir, ha.replace("{enabled: true}", "{enabled: true, tokenSecret: {name: app-vault, key: tok}}")),
                "services.app.vaultInit.tokenSecret");
        assertTrue(own.message().contains("reads Secret 'app-vault' key 'tok', which nothing renews"), own.message());
        SpecProblem elsewhere = at(problems(dir, ha.replace("token: {create: false}",
                "token: {create: false, namespaces: [neotool-data]}")), "services.app.namespace");
        assertTrue(elsewhere.message().contains("namespace neotool-app gets no renewal"), elsewhere.message());
        // Vault's own namespace always has its renewal
        io.neotool.charts.TestSpecs.load(dir, ha.replace("token: {create: false}", "token: {create: false, namespaces: []}")
                .replace("namespace: neotool-app", "namespace: neotool-security"));
        io.neotool.charts.TestSpecs.load(dir, ha.replace("token: {create: false}",
                "token: {create: false, renewal: {enabled: false}}").replace("{enabled: true}",
                "{enabled: true, tokenSecret: {name: app-vault, key: tok}}")); // renewed by hand
    }

    @Test
    void aTokenValueTheChartDoesNotUseIsRefused() {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                vault:
                  token: {create: false, value: root}
                """);
        SpecProblem value = at(problems, "vault.token.value");
        assertTrue(value.message().contains("value is only used when create is true; remove it"), value.message());
    }

    /** The service chart trims the key path's slashes before it reads there, so the spec compares the trimmed paths. */
    @Test
    void aKeyPathWithLeadingOrTrailingSlashesIsWhereTheJobWrites() throws IOException {
        Spec spec = TestSpecs.load(dir, """
                vault:
                  jwtInit: {keyPath: secret/jwt/keys/shop}
                services:
                  app:
                    image: {repository: neotool-app, tag: "1.0.0"}
                    vaultInit: {keyPath: /secret/jwt/keys/shop/}
                """);
        assertEquals("/secret/jwt/keys/shop/", spec.base().services().get("app").vaultInit().keyPath());
    }

    @Test
    void servicesMustReadTheKeysTheJobWritesWithATokenTheyGet() {
        List<SpecProblem> problems = problems(dir, """
                vault:
                  token: {namespaces: [neotool-web]}
                services:
                  app:
                    image: {repository: neotool-app, tag: "1.0.0"}
                    vaultInit:
                      keyPath: secret/jwt/keys/other
                      tokenSecret: {name: other-token, key: token}
                """);
        assertTrue(at(problems, "services.app.vaultInit.keyPath").message().contains("never come"));
        assertTrue(at(problems, "services.app.namespace").message().contains("vault.token.namespaces"));
        assertTrue(at(problems, "services.app.vaultInit.tokenSecret").message().contains("vault-token"));
    }

    @Test
    void aServiceNamedLikeAComponentIsRefused() {
        List<SpecProblem> problems = problems(dir, "services:\n  vault:\n    image: {repository: v, tag: \"1\"}\n");
        assertTrue(at(problems, "services.vault").message().contains("reserved"));
    }
}
