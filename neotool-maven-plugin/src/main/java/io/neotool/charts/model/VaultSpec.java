package io.neotool.charts.model;

import java.util.List;

/**
 * HashiCorp Vault and the Job that creates the platform's JWT key pair in it (plan sections 2.6 and 5.1).
 * Vault runs non-root (uid 100, gid 1000 as vault-helm) under Pod Security "restricted", in one of three
 * modes: dev (the plan's default: in-memory, root token from the vault-token Secret), standalone (one
 * server, file or Raft storage on a PVC) and ha (integrated Raft, retry_join, PodDisruptionBudget).
 */
public record VaultSpec(
        @Doc("Whether to deploy Vault and the JWT key Job.") boolean enabled,
        @DeclaredNamespace
        @Doc(value = "Namespace of every Vault resource; the services reach vault.<namespace>.svc.", pattern = Names.DNS_1123_LABEL)
                String namespace,
        @Doc(value = "dev: in-memory, unsealed, root token from the token Secret (never in prod); standalone: one server "
                + "with storage on a PVC; ha: integrated Raft, ha.replicas servers.", oneOf = {"dev", "standalone", "ha"})
                String mode,
        @Doc("Vault server image (also runs the JWT key Job).") ContainerImage image,
        @Doc("The vault-token Secret: Vault's dev root token, and the token the JWT Job and the services use.") Token token,
        @Doc("Persistent storage of standalone and ha (one PVC per server at /vault/data).") Storage storage,
        @Doc("High availability with integrated Raft storage (mode ha).") Ha ha,
        @Doc("Hook Job that creates the JWT key pair in Vault when it is missing (install and upgrade).") JwtInit jwtInit,
        @Doc("CPU and memory requests and limits of the Vault server.") ServiceSpec.Resources resources,
        @Doc(value = "Seconds a server being stopped (standalone, ha) keeps serving before it gets SIGTERM, as vault-helm "
                + "does (a preStop sleep, Kubernetes 1.30 and later): its endpoint is removed from the vault Service first, "
                + "so clients are not sent to a server that is shutting down. The grace period is 10 s more. 0: none.",
                min = 0, max = 60) int preStopSleepSeconds,
        @Doc("Numeric user and groups the pods run as (vault-helm's 100/1000; Pod Security restricted).")
                ServiceSpec.SecurityContext securityContext,
        @Doc("NetworkPolicies of Vault's pods and of the JWT Job.") NetworkPolicy networkPolicy) {

    public static final VaultSpec DEFAULTS = new VaultSpec(
            true,
            Components.VAULT.namespace(),
            "dev",
            ContainerImage.of("hashicorp/vault", "1.21.1"),
            Token.DEFAULTS,
            Storage.DEFAULTS,
            Ha.DEFAULTS,
            JwtInit.DEFAULTS,
            new ServiceSpec.Resources(new ServiceSpec.Amounts("100m", "256Mi"), new ServiceSpec.Amounts("1000m", "512Mi")),
            5,
            new ServiceSpec.SecurityContext(100, 1000, 1000),
            NetworkPolicy.DEFAULTS);

    public record Token(
            @Doc(value = "Name of the Secret holding the token (in the Vault namespace and in each of namespaces).",
                    pattern = Names.DNS_1123_SUBDOMAIN) String secretName,
            @Doc(value = "Key of the token inside the Secret.", pattern = Names.DATA_KEY) String key,
            @Doc("Whether the chart creates the Secret (dev mode only): a random token generated once and kept across "
                    + "upgrades. false: the Secret exists already (standalone and ha: see docs/vault.md). Unwritten in "
                    + "the spec: true in dev mode, false in the others.") boolean create,
            @Doc("A literal token for local development; empty generates a random one. Never allowed in prod.") String value,
            @Doc("Other namespaces that hold the Secret (the services' namespaces): a copy when create is true, and a "
                    + "renewal CronJob outside dev mode.") List<String> namespaces,
            @Doc("Renewal of the periodic tokens outside dev mode: a CronJob in each of namespaces, and in the Vault "
                    + "namespace while the JWT Job (jwtInit) uses its token there, renews that namespace's token with "
                    + "itself, so it never reaches the end of its period.")
                    Renewal renewal) {
        public static final Token DEFAULTS =
                new Token("vault-token", "token", true, "", List.of("neotool-app"), Renewal.DEFAULTS);
    }

    public record Renewal(
            @Doc("Whether to render the renewal CronJobs (never in dev mode, whose root token does not expire).")
                    boolean enabled,
            @Doc("When to renew, a cron expression in UTC (the CronJobs' timeZone), at most 48 hours between two runs; "
                    + "daily leaves weeks of a 768h period for a failed run to be noticed (<Platform>VaultTokenRenewalFailing "
                    + "after 3 days without a success).") String schedule) {
        public static final Renewal DEFAULTS = new Renewal(true, "17 4 * * *");
    }

    public record Storage(
            @Doc(value = "Storage backend of standalone mode (ha always uses raft).", oneOf = {"file", "raft"}) String type,
            @Doc(value = "Size of each server's PVC. " + Persistence.FIXED_SIZE, pattern = Quantity.PATTERN) String size,
            @Doc(value = Persistence.CLASS, pattern = Names.DNS_1123_SUBDOMAIN) String storageClass) {
        public static final Storage DEFAULTS = new Storage("raft", "10Gi", "");
    }

    public record Ha(
            @Doc(value = "Vault servers in the Raft cluster (odd, so a quorum survives one loss).", min = 3, max = 7)
                    int replicas,
            @Doc(value = "Servers the PodDisruptionBudget lets go at once.", min = 1) int maxUnavailable) {
        public static final Ha DEFAULTS = new Ha(3, 1);
    }

    public record JwtInit(
            @Doc("Whether to run the JWT key Job (a release Job named by the revision: it runs with every install and "
                    + "upgrade).") boolean enabled,
            @Doc(value = "KV v2 path of the key pair, mount first (fields private and public, PEM).",
                    pattern = "^[a-z0-9_-]+(/[A-Za-z0-9_.-]+)+$") String keyPath,
            @Doc(value = "Mount of the transit engine the key pair is generated with (enabled if absent).",
                    pattern = "^[a-z0-9_-]+$") String transitMount,
            @Doc(value = "Name of the transient transit key (deleted once the pair is stored in KV).",
                    pattern = "^[a-z0-9_-]+$") String transitKey,
            @Doc(value = "Seconds to wait for an unsealed Vault (a Vault not initialised ends the Job at once, a sealed "
                    + "one after this wait, both without failing the release, as does one not answering on the first "
                    + "install of a standalone or ha Vault). The Job's deadline is this plus 90s, "
                    + "within Helm's default 5m timeout (--wait-for-jobs).", min = 10, max = 180) int timeoutSeconds,
            @Doc(value = "Seconds a finished Job is kept before Kubernetes deletes it; at least 600: with --wait-for-jobs "
                    + "Helm looks for the Job once every workload is ready, and one already deleted fails the release.",
                    min = 600) int ttlSecondsAfterFinished,
            @Doc(value = "Retries of a failed Job pod (all within the Job's deadline).", min = 0, max = 10) int backoffLimit) {
        public static final JwtInit DEFAULTS =
                new JwtInit(true, "secret/jwt/keys/default", "transit", "jwt-default", 120, 600, 1);
    }

    public record NetworkPolicy(
            @Doc("Whether to render the NetworkPolicies of Vault and the JWT Job, with global.networkPolicy.enabled.")
                    boolean enabled,
            @Doc("Namespace of the cluster DNS (K3S: kube-system).") String dnsNamespace) {
        public static final NetworkPolicy DEFAULTS = new NetworkPolicy(true, "kube-system");
    }
}
