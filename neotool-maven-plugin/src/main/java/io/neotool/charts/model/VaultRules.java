package io.neotool.charts.model;

import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;

/** Vault's rules: its mode and token against the environment, and the services' Vault settings against Vault's. */
final class VaultRules {
    /** The longest time between two token renewals: daily, or every other day. */
    static final Duration RENEWAL_MAX_GAP = Duration.ofHours(48);

    private VaultRules() {}

    static void check(SpecCheck c) {
        PlatformSpec spec = c.spec;
        boolean prod = c.prod;
        VaultSpec v = spec.vault();
        if (!v.enabled()) {
            return;
        }
        if (prod && v.mode().equals("dev")) {
            // token.create, unless written, follows the mode (PlatformSpec.withFollowingSwitches)
            c.add("vault.mode", "Vault dev mode keeps every secret in memory and runs with a root token: not allowed in "
                    + "prod; set vault.mode to ha (integrated Raft; its token comes from `vault operator init`, and you "
                    + "create its Secret as docs/vault.md shows)");
        }
        if (prod && !v.token().value().isEmpty()) {
            c.add("vault.token.value", "a literal Vault token is not allowed in prod; leave value empty and create the "
                    + "Secret '" + v.token().secretName() + "' yourself (docs/vault.md)");
        }
        // an unknown mode is said at vault.mode alone (its constraint)
        if (v.token().create() && (v.mode().equals("standalone") || v.mode().equals("ha"))) {
            c.add("vault.token.create", "the chart creates the token Secret only in dev mode (it is the dev server's root "
                    + "token); in " + v.mode() + " mode the token comes from `vault operator init`: set create: false and "
                    + "create the Secret as docs/vault.md shows");
        }
        if (!v.token().create() && !v.token().value().isEmpty()) {
            c.add("vault.token.value", "value is only used when create is true; remove it");
        }
        CronSchedule.problem(v.token().renewal().schedule()).ifPresentOrElse(p -> c.add("vault.token.renewal.schedule",
                "'" + v.token().renewal().schedule() + "' is not a schedule the API server takes: " + p), () -> renewalInterval(c, v));
        if (v.mode().equals("ha") && v.ha().replicas() > 1 && v.ha().maxUnavailable() > (v.ha().replicas() - 1) / 2) {
            c.add("vault.ha.maxUnavailable", "with " + v.ha().replicas() + " Raft servers at most " + (v.ha().replicas() - 1) / 2
                    + " may be evicted at once, or the quorum is lost and every server comes back sealed");
        }
        if (v.mode().equals("ha") && v.ha().replicas() % 2 == 0) {
            c.add("vault.ha.replicas", v.ha().replicas() + " Raft servers: use an odd number (3 or 5) so a quorum survives a loss");
        }
        String vaultHost = "vault." + v.namespace() + ".svc";
        new TreeMap<>(spec.services()).forEach((name, s) -> {
            if (!s.vaultInit().enabled() || !s.platform().vault().enabled()) {
                return;
            }
            String path = "services." + name;
            if (!s.platform().vault().address().contains(vaultHost)) {
                c.add(path + ".platform.vault.address", "'" + s.platform().vault().address() + "' is not the chart's Vault ("
                        + vaultHost + ".cluster.local:8200)");
            }
            if (v.jwtInit().enabled() && !trimSlashes(s.vaultInit().keyPath()).equals(trimSlashes(v.jwtInit().keyPath()))) {
                c.add(path + ".vaultInit.keyPath", "'" + s.vaultInit().keyPath() + "' is not where the JWT Job writes the keys ("
                        + v.jwtInit().keyPath() + "); the init container would wait for keys that never come");
            }
            if (!v.mode().equals("dev") && v.token().renewal().enabled()) {
                // outside dev mode the token is periodic: only the renewal keeps it from the end of its period
                if (!s.vaultInit().tokenSecret().name().equals(v.token().secretName())
                        || !s.vaultInit().tokenSecret().key().equals(v.token().key())) {
                    c.add(path + ".vaultInit.tokenSecret", "reads Secret '" + s.vaultInit().tokenSecret().name() + "' key '"
                            + s.vaultInit().tokenSecret().key() + "', which nothing renews (the vault chart's renewal renews '"
                            + v.token().secretName() + "' key '" + v.token().key() + "' in each namespace of "
                            + "vault.token.namespaces): the token would stop working at the end of its period; read that "
                            + "Secret (remove tokenSecret), or renew yours yourself and set vault.token.renewal.enabled: false");
                } else if (!s.namespace().isEmpty() && !s.namespace().equals(v.namespace())
                        && !v.token().namespaces().contains(s.namespace())) { // Vault's own namespace always has one
                    c.add(path + ".namespace", "namespace " + s.namespace() + " gets no renewal of the token Secret '"
                            + v.token().secretName() + "' the vault-init container reads: the token would stop working at "
                            + "the end of its period; add it to vault.token.namespaces");
                }
            }
            if (v.token().create()) {
                if (s.namespace().isEmpty()) {
                    c.add(path + ".namespace", "is empty (the release namespace), where the vault chart copies no "
                            + "Secret '" + v.token().secretName() + "' for the vault-init container to read (it copies "
                            + "it into the namespaces of vault.token.namespaces only); give " + name + " a namespace "
                            + "and list it there");
                } else if (!v.token().namespaces().contains(s.namespace())) {
                    c.add(path + ".namespace", "namespace " + s.namespace() + " gets no copy of the Secret '"
                            + v.token().secretName() + "' the vault-init container reads; add it to vault.token.namespaces");
                }
                if (!s.vaultInit().tokenSecret().name().equals(v.token().secretName())
                        || !s.vaultInit().tokenSecret().key().equals(v.token().key())) {
                    c.add(path + ".vaultInit.tokenSecret", "reads Secret '" + s.vaultInit().tokenSecret().name() + "' key '"
                            + s.vaultInit().tokenSecret().key() + "', but the vault chart creates '" + v.token().secretName()
                            + "' key '" + v.token().key() + "'");
                }
            }
        });
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    /** A renewal schedule, where renewals run (not in dev mode), that runs on some date and at least every other day. */
    private static void renewalInterval(SpecCheck c, VaultSpec v) {
        if (!v.token().renewal().enabled() || v.mode().equals("dev")) {
            return;
        }
        String renewal = v.token().renewal().schedule();
        Optional<Duration> gap = CronSchedule.longestGap(renewal);
        if (gap.isEmpty()) {
            c.add("vault.token.renewal.schedule", "'" + renewal + "' matches no date, so the tokens are never renewed and "
                    + "stop working 768h after the install; renew daily (e.g. '17 4 * * *')");
        } else if (gap.get().compareTo(RENEWAL_MAX_GAP) > 0) {
            c.add("vault.token.renewal.schedule", "'" + renewal + "' leaves up to " + CronSchedule.hours(gap.get())
                    + " between two renewals; run it at least every " + RENEWAL_MAX_GAP.toHours() + " hours (daily: '17 4 * * *'), so "
                    + "that a failed run is retried the next day and " + c.spec.chart().alertPrefix()
                    + "VaultTokenRenewalFailing (3 days without a success) does not fire between two runs");
        }
    }
}
