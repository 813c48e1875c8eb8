package io.neotool.charts.generate;

import io.neotool.charts.model.Doc;
import io.neotool.charts.model.Persistence;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.PostgresSpec;
import io.neotool.charts.model.VaultSpec;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Values that a generation changes where an installed release cannot simply follow, found by comparing the umbrella's
 * values files already on disk with the new ones, per environment, so that the generator says so before any cluster
 * sees it. A StatefulSet's volume size or storage class: Kubernetes refuses a change of volumeClaimTemplates and helm
 * upgrade fails. The
 * namespace of a component with volumes: it starts again in the new one, what it kept left in the old one.
 * The bucket of the platform's data (Loki's chunks, the backups): what is in the old bucket stays there, and in R2 the
 * new one must exist before the upgrade. PostgreSQL's major version: the new server finds no cluster of its version.
 * PostgreSQL's max_connections with replicas: a standby may not run with less than its primary. PostgreSQL's superuser,
 * a database's owner, a service's database and Loki's store: each is kept where the data was made.
 */
final class ValueChanges {
    /**
     * A values path the generator watches, with the conditions under which its value is in use, all of them:
     * {@code key=value} or {@code key!=value} at other paths of the same environment's values (none: always).
     */
    record Watched(String path, List<String> usedWhen, Function<Object, Object> compared,
                   Function<Function<String, Object>, Object> read, String label, BiPredicate<Object, Object> changed) {
        /** A value compared as it is. */
        Watched(String path, List<String> usedWhen) {
            this(path, usedWhen, value -> value);
        }

        /** The value at the path, compared as {@code compared} makes it. */
        Watched(String path, List<String> usedWhen, Function<Object, Object> compared) {
            this(path, usedWhen, compared, at -> at.apply(path), path, DIFFERENT);
        }

        /** A value {@code read} from several paths (the path and those of the conditions), said as {@code label}. */
        static Watched derived(String path, List<String> usedWhen, Function<Function<String, Object>, Object> read,
                               String label) {
            return new Watched(path, usedWhen, value -> value, read, label, DIFFERENT);
        }

        /** The value at the path, said when it leaves {@code from} for any other. */
        static Watched leaving(String path, List<String> usedWhen, String from) {
            return new Watched(path, usedWhen, value -> value, at -> at.apply(path), path,
                    (was, is) -> from.equals(String.valueOf(was)) && !from.equals(String.valueOf(is)));
        }

        /** The keys of the map at the path, said when one of them is gone (one added is not). */
        static Watched keysGone(String path, List<String> usedWhen) {
            Function<Function<String, Object>, Object> keys = at -> at.apply(path) instanceof Map<?, ?> map
                    ? new TreeSet<>(map.keySet().stream().map(String::valueOf).toList()) : null;
            return new Watched(path, usedWhen, value -> value, keys, path, (was, is) -> !((Set<?>) is).containsAll((Set<?>) was));
        }

        /** The path and those its conditions read. */
        List<String> paths() {
            List<String> all = new ArrayList<>(List.of(path));
            usedWhen.forEach(c -> all.add(c.split("!?=", 2)[0]));
            return all;
        }
    }

    private static final BiPredicate<Object, Object> DIFFERENT = (was, is) -> !was.equals(is);

    /**
     * Every volume size: the keys whose description is {@link Persistence#FIXED_SIZE}, in use where each record on the
     * way that can be switched off is on, and Vault's where it keeps data (not in dev mode, in memory).
     */
    static final List<Watched> VOLUME_SIZES = sizePaths(PlatformSpec.class, "", List.of());

    /** The namespaces of the components with volumes (those of {@link #VOLUME_SIZES}), where they are deployed. */
    static final List<Watched> DATA_NAMESPACES = VOLUME_SIZES.stream().map(w -> w.path().substring(0, w.path().indexOf('.')))
            .distinct().map(c -> new Watched(c + ".namespace", List.of(c + ".enabled=true"))).toList();

    /** The buckets that keep the platform's data, where they are used. */
    static final List<Watched> DATA_BUCKETS = List.of(
            new Watched("observability.loki.s3.bucket", List.of("observability.enabled=true", "observability.loki.enabled=true",
                    "observability.loki.storageType=s3")),
            new Watched("postgres.backup.bucket", List.of("postgres.enabled=true", "postgres.backup.enabled=true")));

    /**
     * PostgreSQL's major version ({@link PostgresSpec#majorOf}, else the whole tag): the image keeps its data in a
     * directory of that version, so a new one starts with an empty data directory beside the old cluster.
     */
    static final List<Watched> POSTGRES_MAJOR = List.of(new Watched("postgres.image.tag", List.of("postgres.enabled=true"),
            tag -> Objects.requireNonNullElse((Object) PostgresSpec.majorOf(String.valueOf(tag)), tag)));

    /**
     * The storage class of every volume (beside each size) and the platform's defaults a volume that names none takes:
     * global.storageClass, then global.cloudProvider's class.
     */
    static final List<Watched> STORAGE_CLASSES = Stream.concat(
            VOLUME_SIZES.stream().map(w -> new Watched(w.path().replaceAll("size$", "storageClass"), w.usedWhen())),
            Stream.of(new Watched("global.storageClass", List.of()),
                    // the provider's class is taken only where no storageClass is set
                    new Watched("global.cloudProvider", List.of("global.storageClass=")))).toList();

    /**
     * Kafka's node count and cluster id: the KRaft controller quorum is static (every node's voters are rendered from
     * the count) and a node's volume keeps the cluster id it was formatted with.
     */
    static final List<Watched> KAFKA_QUORUM = List.of(new Watched("kafka.replicas", List.of("kafka.enabled=true")),
            new Watched("kafka.clusterId", List.of("kafka.enabled=true")));

    /** Kafka's default partition count: read when a topic is created, so the topics already there keep theirs. */
    static final List<Watched> KAFKA_PARTITIONS = List.of(new Watched("kafka.partitions", List.of("kafka.enabled=true")));

    /**
     * Vault's storage where it keeps data (not in dev mode, in memory): ha always takes Raft, standalone its
     * storage.type, so standalone on file storage and ha differ though storage.type does not.
     */
    static final List<Watched> VAULT_STORAGE = List.of(Watched.derived("vault.storage.type", List.of("vault.enabled=true",
            "vault.mode!=dev"), at -> "ha".equals(at.apply("vault.mode")) ? "raft" : at.apply("vault.storage.type"),
            "Vault's backend (vault.mode, vault.storage.type)"));

    /**
     * Vault's servers where it keeps data: ha's Raft servers, standalone's one. A new one joins by hand, a removed one
     * stays a peer until it is removed.
     */
    static final List<Watched> VAULT_RAFT = List.of(Watched.derived("vault.ha.replicas", List.of("vault.enabled=true",
            "vault.mode!=dev"), at -> "ha".equals(at.apply("vault.mode")) ? at.apply("vault.ha.replicas") : 1,
            "Vault's servers (vault.mode, vault.ha.replicas)"));

    /**
     * PostgreSQL's max_connections, and the other settings a hot standby may not run with less of than its primary
     * (postgres.parameters), where replicas follow the primary: helm upgrade restarts both StatefulSets at once.
     */
    static final List<Watched> POSTGRES_CONNECTIONS = java.util.stream.Stream.of("postgres.connections.max",
                    "postgres.parameters.max_worker_processes", "postgres.parameters.max_locks_per_transaction",
                    "postgres.parameters.max_prepared_transactions")
            .map(key -> new Watched(key, List.of("postgres.enabled=true", "postgres.replication.replicas!=0"))).toList();

    /** The superuser's name: the data directory keeps the role it was initialised with, under that name alone. */
    static final List<Watched> POSTGRES_SUPERUSER = List.of(new Watched("postgres.auth.superuser",
            List.of("postgres.enabled=true")));

    /** Loki's store: its one schema period reads every day's chunks and index from the store it names. */
    static final List<Watched> LOKI_STORE = List.of(new Watched("observability.loki.storageType",
            List.of("observability.enabled=true", "observability.loki.enabled=true")));

    /**
     * The databases PostgreSQL is told to have: one gone from the list (its service removed or renamed) is no longer
     * created, nor dumped by the nightly backup.
     */
    static final List<Watched> POSTGRES_DATABASES = List.of(Watched.keysGone("postgres.databases",
            List.of("postgres.enabled=true")));

    /**
     * The object storage provider leaving the in-cluster MinIO, whose chart wrote the object-storage Secrets of the
     * consumer namespaces that the operator writes for the others.
     */
    static final List<Watched> OFF_MINIO = List.of(Watched.leaving("global.objectStorage.provider", List.of(), "minio"));

    /**
     * Vault leaving dev mode, whose chart wrote the token Secrets that the operator writes in the others, and whose
     * server kept everything in memory.
     */
    static final List<Watched> OFF_VAULT_DEV = List.of(Watched.leaving("vault.mode", List.of("vault.enabled=true"), "dev"));

    /** The owner of each database the umbrella's values name (postgres.databases). */
    static List<Watched> databaseOwners(Map<String, Object> values) {
        return at(values, "postgres.databases") instanceof Map<?, ?> databases
                ? databases.keySet().stream().map(String::valueOf).sorted()
                        .map(db -> new Watched("postgres.databases." + db + ".owner", List.of("postgres.enabled=true"))).toList()
                : List.of();
    }

    /** The database of each service (an alias of the umbrella's values with a database.name), where it has one. */
    static List<Watched> serviceDatabases(Map<String, Object> values) {
        return values.entrySet().stream().filter(e -> at(values, e.getKey() + ".database.name") != null).map(Map.Entry::getKey)
                .sorted().map(alias -> Watched.derived(alias + ".database.name", List.of(alias + ".enabled=true"),
                        at -> at.apply(alias + ".database.name") instanceof String name && !name.isEmpty() ? name : null,
                        alias + ".database.name")).toList();
    }

    /**
     * What generate says of a change of watched values: its title, the values (from the umbrella's new values, for
     * those keyed by the spec's names), then what to do.
     */
    record Kind(String title, Function<Map<String, Object>, List<Watched>> watched, String advice) {
        /** A kind of change of a fixed list of values. */
        Kind(String title, List<Watched> watched, String advice) {
            this(title, values -> watched, advice);
        }
    }

    /** Every kind of change generate warns of, in the order it says them. */
    static final List<Kind> KINDS = List.of(
            new Kind("Volume size changed", VOLUME_SIZES, "helm upgrade of an installed release fails, as a StatefulSet's "
                    + "volumeClaimTemplates cannot change; grow its PVCs first (docs/data.md, Growing a volume)"),
            new Kind("Namespace changed", DATA_NAMESPACES, "helm upgrade of an installed release starts the component in the "
                    + "new namespace and leaves what it kept (volumes, Secrets) in the old one, and the pods that read its "
                    + "address or credentials from a Secret (the services' database and object-storage Secrets, Loki's) "
                    + "keep the old ones until they restart (kubectl rollout restart); to keep it there, write the old "
                    + "namespace at that key and declare it under namespaces (chart.namespacePrefix renames only the "
                    + "namespaces the spec does not write)"),
            new Kind("Storage class changed", STORAGE_CLASSES, "helm upgrade of an installed release fails for each "
                    + "StatefulSet whose volumes take that class, after applying part of the release, as volumeClaimTemplates "
                    + "cannot change (a volume whose storageClass is empty takes global.storageClass, else the class of "
                    + "global.cloudProvider); write the class the volumes were made with in the spec, or move the data to "
                    + "volumes of the new class first"),
            new Kind("Bucket changed", DATA_BUCKETS, "an installed release's data stays in the old bucket; create the new "
                    + "one first where the operator makes them (R2: docs/r2.md), or write the old name in the spec"),
            new Kind("Kafka quorum changed", KAFKA_QUORUM, "on helm upgrade of an installed release every node restarts "
                    + "with the new controller voters or cluster id, which its volume's metadata does not have, and the "
                    + "quorum does not form; the quorum is static, so treat a new node count as a migration to a new "
                    + "cluster, and keep the installed cluster id (docs/runbooks/scaling.md, Kafka)"),
            new Kind("Kafka partitions changed", KAFKA_PARTITIONS, "an installed release's topics keep the partitions "
                    + "they were created with (num.partitions applies to topics created from then on), so as many of a "
                    + "consumer group's pods as before share their work; raise each topic's count with kafka-topics.sh "
                    + "--alter --partitions (a count only grows, and a keyed message's key then maps to another partition; "
                    + "docs/data.md, Kafka)"),
            new Kind("Vault Raft servers changed", VAULT_RAFT, "on helm upgrade of an installed release a new server "
                    + "starts sealed and outside the cluster until it is joined and unsealed; before lowering the count, "
                    + "remove each server's peer (vault operator raft remove-peer), or the rest count it against their "
                    + "quorum (docs/runbooks/scaling.md, Vault Raft)"),
            new Kind("Vault storage changed", VAULT_STORAGE, "on helm upgrade of an installed release Vault's servers, "
                    + "as each pod is replaced (updateStrategy OnDelete: at its next restart, perhaps days later), start on "
                    + "the new backend uninitialised and empty, beside the data of the old one, and the others cannot join a "
                    + "server of the old backend; move the data with vault operator migrate first (docs/vault.md, Changing "
                    + "the storage), or keep the storage"),
            new Kind("PostgreSQL connections changed with replicas", POSTGRES_CONNECTIONS, "on helm upgrade of an "
                    + "installed release the primary and its replicas restart together, and a hot standby refuses to start "
                    + "with a lower max_connections (or max_worker_processes, max_locks_per_transaction, "
                    + "max_prepared_transactions) than the primary last had, even once the primary runs the new value: "
                    + "lowered, each replica that restarts before it has replayed the primary's change stays down "
                    + "(recovery aborted because of insufficient parameter settings) until it is cloned again (delete its "
                    + "PVC and pod; docs/data.md, PostgreSQL streaming replicas); raised, it heals once every pod runs "
                    + "the new value"),
            new Kind("PostgreSQL superuser changed", POSTGRES_SUPERUSER, "the data directory keeps the superuser it was "
                    + "initialised with: on helm upgrade of an installed release the databases Job and every nightly backup "
                    + "log in as a role that does not exist and fail; keep the installed name in the spec (docs/data.md, "
                    + "PostgreSQL and PgBouncer)"),
            new Kind("PostgreSQL database owner changed", ValueChanges::databaseOwners, "on helm upgrade of an installed "
                    + "release the databases Job makes the new role the database's owner, but its tables, sequences and the "
                    + "migrations' history stay the old role's, which PgBouncer no longer admits once it reloads its "
                    + "userlist, while the service's running pods still log in as it; right after the upgrade run REASSIGN "
                    + "OWNED BY the old role TO the new one in that database as the superuser, then restart the service "
                    + "(kubectl rollout restart; docs/data.md, PostgreSQL and PgBouncer), or keep the installed owner"),
            new Kind("PostgreSQL database no longer listed", POSTGRES_DATABASES, "on helm upgrade of an installed release "
                    + "a database gone from the list (its service removed or renamed) stays in PostgreSQL with its data and "
                    + "its owner's login, but the nightly backup no longer dumps it, and the backup runs that hold it are "
                    + "deleted as newer ones pass postgres.backup.keep; a renamed service starts on a new, empty database. "
                    + "Move the data first (pg_dump and pg_restore, docs/data.md, Backups and restore), then drop the "
                    + "database and its role by hand"),
            new Kind("Object storage leaves MinIO", OFF_MINIO, "on helm upgrade of an installed release Helm deletes the "
                    + "object-storage Secrets the minio chart wrote in the consumer namespaces, and the pods that roll in the "
                    + "same upgrade wait in CreateContainerConfigError until the operator's are there, which cannot be "
                    + "created beside the chart's before it; first mark each kept (kubectl -n <namespace> annotate secret "
                    + "<name> helm.sh/resource-policy=keep; under Argo CD also argocd.argoproj.io/sync-options=Prune=false), "
                    + "upgrade, then give them the new provider's keys (docs/secrets.md, Switching a running release to your "
                    + "own Secret)"),
            new Kind("Vault leaves dev mode", OFF_VAULT_DEV, "on helm upgrade of an installed release Helm deletes the "
                    + "vault-token Secrets the chart made for dev mode, and Vault starts uninitialised and sealed on its "
                    + "storage (the dev server kept everything in memory): the pods that read a token wait until the "
                    + "operator initialises and unseals Vault and creates the token Secrets (docs/vault.md), then runs helm "
                    + "upgrade again for the JWT keys"),
            new Kind("Service database changed", ValueChanges::serviceDatabases, "on helm upgrade of an installed release "
                    + "the service's pods roll onto the other database, and what it holds in the old one stays there; move "
                    + "the data first (pg_dump and pg_restore, docs/data.md, Backups and restore), or keep the database"),
            new Kind("Loki store changed", LOKI_STORE, "on helm upgrade of an installed release Loki reads and writes "
                    + "every day's logs in the new store: the logs kept in the old one can no longer be queried and its "
                    + "retention stops; keep the store, or accept losing the history"),
            new Kind("PostgreSQL major version changed", POSTGRES_MAJOR, "on helm upgrade of an installed release the "
                    + "server pods stop at their check-data or clone init container, as the new version finds no cluster "
                    + "of its own on the volume; move the data first (docs/data.md, A new major version), or keep the "
                    + "old major version"));

    private ValueChanges() {}

    /**
     * The warning for each value of {@link #KINDS} that differs between the umbrella's values on disk and {@code files},
     * e.g. {@code Volume size changed, postgres.persistence.size: 20Gi -> 40Gi (values-prod.yaml): ...}, the values on
     * disk read once; empty on a first generation.
     */
    static List<String> warnings(Path output, SortedMap<String, byte[]> files) throws IOException {
        String base = files.keySet().stream().filter(f -> f.matches("[^/]+/values\\.yaml")).findFirst().orElse(null);
        Map<String, Object> values = base == null ? Map.of() : load(new String(files.get(base), StandardCharsets.UTF_8));
        Map<Kind, List<Watched>> watched = new java.util.LinkedHashMap<>();
        KINDS.forEach(kind -> watched.put(kind, kind.watched().apply(values)));
        Map<Watched, List<String>> changes = base == null ? Map.of()
                : find(output, files, base, values, watched.values().stream().flatMap(List::stream).toList());
        List<String> out = new ArrayList<>();
        watched.forEach((kind, list) -> list.forEach(w -> changes.getOrDefault(w, List.of()).forEach(change ->
                out.add(kind.title() + ", " + change + ": " + kind.advice()))));
        return out;
    }

    /**
     * For each value watched that differs between the umbrella's values on disk and {@code files} (paths relative to the
     * output directory) and is in use there, one line per values file, e.g. {@code postgres.persistence.size: 20Gi ->
     * 40Gi (values-prod.yaml)}; empty on a first generation.
     */
    private static Map<Watched, List<String>> find(Path output, SortedMap<String, byte[]> files, String base,
                                                   Map<String, Object> newBase, List<Watched> watched) throws IOException {
        Map<Watched, List<String>> changes = new HashMap<>();
        if (!Files.isRegularFile(output.resolve(base))) {
            return changes;
        }
        String umbrella = base.substring(0, base.indexOf('/') + 1);
        Map<String, Object> oldBase = onDisk(output.resolve(base));
        if (oldBase == null) {
            return changes; // edited by hand into something else: nothing to compare with
        }
        // the defaults of each subchart a watched value or its conditions lie in, before and after, read once
        Map<String, Map<String, Object>> oldSubcharts = new HashMap<>();
        Map<String, Map<String, Object>> newSubcharts = new HashMap<>();
        for (Watched w : watched) {
            for (String path : w.paths()) {
                String chart = path.substring(0, path.indexOf('.'));
                String values = umbrella + "charts/" + chart + "/values.yaml";
                if (!oldSubcharts.containsKey(chart)) {
                    Map<String, Object> old = onDisk(output.resolve(values));
                    oldSubcharts.put(chart, old == null ? Map.of() : old);
                    newSubcharts.put(chart, files.containsKey(values) ? load(new String(files.get(values), StandardCharsets.UTF_8)) : Map.of());
                }
            }
        }
        for (String file : files.keySet()) {
            if (!file.startsWith(umbrella) || !file.substring(umbrella.length()).matches("values(-[a-z0-9-]+)?\\.yaml")) {
                continue;
            }
            boolean isBase = file.equals(base);
            Path old = output.resolve(file);
            if (!isBase && !Files.isRegularFile(old)) {
                continue; // a new environment: no release was installed from it
            }
            Map<String, Object> oldEnv = isBase ? Map.of() : onDisk(old);
            if (oldEnv == null) {
                continue;
            }
            Layers before = new Layers(oldEnv, oldBase, oldSubcharts);
            Layers after = new Layers(isBase ? Map.of() : load(new String(files.get(file), StandardCharsets.UTF_8)), newBase,
                    newSubcharts);
            for (Watched w : watched) {
                Object was = w.read().apply(before::at);
                Object is = w.read().apply(after::at);
                // in use before and after: a component this environment had off moved nothing
                if (before.hold(w.usedWhen()) && after.hold(w.usedWhen()) && was != null && is != null
                        && w.changed().test(w.compared().apply(was), w.compared().apply(is))) {
                    changes.computeIfAbsent(w, x -> new ArrayList<>())
                            .add(w.label() + ": " + was + " -> " + is + " (" + file.substring(umbrella.length()) + ")");
                }
            }
        }
        return changes;
    }

    /**
     * One environment's values as Helm layers them: its own file, then the umbrella's values.yaml, then (a value the
     * umbrella does not set) the values of the subchart named by the path's first key.
     */
    private record Layers(Map<String, Object> env, Map<String, Object> umbrella, Map<String, Map<String, Object>> subcharts) {
        Object at(String path) {
            Map<String, Object> subchart = subcharts.getOrDefault(path.substring(0, path.indexOf('.')), Map.of());
            return firstOf(ValueChanges.at(env, path), ValueChanges.at(umbrella, path),
                    ValueChanges.at(subchart, path.substring(path.indexOf('.') + 1)));
        }

        /** Whether each {@code key=value} and {@code key!=value} condition holds here. */
        boolean hold(List<String> conditions) {
            return conditions.stream().allMatch(c -> {
                String[] kv = c.split("!?=", 2);
                return kv[1].equals(String.valueOf(at(kv[0]))) != c.contains("!=");
            });
        }
    }

    private static List<Watched> sizePaths(Class<?> type, String prefix, List<String> usedWhen) {
        List<Watched> paths = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String path = prefix + c.getName();
            Doc doc = c.getAnnotation(Doc.class);
            if (doc != null && doc.value().endsWith(Persistence.FIXED_SIZE)) {
                List<String> when = new ArrayList<>(usedWhen);
                if (type == VaultSpec.Storage.class) {
                    when.add("vault.mode!=dev");
                }
                paths.add(new Watched(path, List.copyOf(when)));
            } else if (c.getType().isRecord()) {
                List<String> when = new ArrayList<>(usedWhen);
                if (Arrays.stream(c.getType().getRecordComponents()).anyMatch(r -> r.getName().equals("enabled"))) {
                    when.add(path + ".enabled=true");
                }
                paths.addAll(sizePaths(c.getType(), path + ".", List.copyOf(when)));
            }
        }
        return List.copyOf(paths);
    }

    private static Object firstOf(Object... values) {
        return java.util.Arrays.stream(values).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * The values in {@code file} on disk (none when it is missing), or null when it is no longer YAML: edited by hand,
     * which the generated tree's guard says next; nothing is compared with it.
     */
    private static Map<String, Object> onDisk(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (org.yaml.snakeyaml.error.YAMLException | java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return doc instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Object at(Map<String, Object> values, String path) {
        Object node = values;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }
}
