package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.SERVICE;
import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestSpecs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** global.operatorMade: the Namespaces and Secrets the operator creates, declared with how to create them. */
class OperatorMadeSpecValidationTest {
    @TempDir
    Path dir;

    @Test
    void aDeclaredSecretIsBound() throws IOException {
        Spec spec = load(dir, SERVICE + """
                global:
                  operatorMade:
                    - {kind: Secret, namespace: neotool-app, name: app-api-key, create: "kubectl create secret ..."}
                """);
        assertEquals(List.of(new PlatformSpec.OperatorObject("Secret", "neotool-app", "app-api-key", "kubectl create secret ...")),
                spec.base().global().operatorMade());
        assertEquals(List.of(), load(dir, SERVICE).base().global().operatorMade(), "none by default");
    }

    /**
     * The Vault token Secrets the vault chart makes (dev mode: vault.token.create follows it) cannot be the operator's
     * too: a base in ha mode declaring them, with a dev environment that inherits the list, is refused there.
     */
    @Test
    void aVaultTokenTheChartMakesIsNotTheOperators() throws IOException {
        String ha = SERVICE + """
                vault: {mode: ha}
                global:
                  operatorMade:
                    - {kind: Secret, namespace: neotool-app, name: vault-token, create: "vault operator init ..."}
                """;
        load(dir, ha);
        SpecProblem dev = at(problems(dir, ha + "environments:\n  dev:\n    vault: {mode: dev}\n"),
                "environments.dev: global.operatorMade[0]");
        assertTrue(dev.message().contains("is the Vault token the vault chart makes here (vault.token.create, true in dev "
                + "mode unless written)"), dev.message());
        // the environment's own list, without it, replaces the base's
        load(dir, ha + "environments:\n  dev:\n    vault: {mode: dev}\n    global: {operatorMade: []}\n");
    }

    /** A private registry's pull Secrets: bound in order, each a Secret's name, once. */
    @Test
    void imagePullSecretsAreSecretNamesListedOnce() throws IOException {
        assertEquals(List.of("regcred", "mirror.pull"), load(dir, SERVICE + "global: {imagePullSecrets: [regcred, mirror.pull]}\n")
                .base().global().imagePullSecrets());
        List<SpecProblem> problems = problems(dir, SERVICE + "global: {imagePullSecrets: [regcred, Reg_Cred, regcred]}\n");
        assertTrue(at(problems, "global.imagePullSecrets[1]").message().contains("is not a Secret's name"), problems::toString);
        assertTrue(at(problems, "global.imagePullSecrets[2]").message().contains("is listed twice"), problems::toString);
        assertEquals(2, problems.size(), problems::toString);
    }

    @Test
    void eachDeclarationIsCheckedWithItsKeyPath() {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                global:
                  operatorMade:
                    - {kind: Secret, name: vault-token, create: "kubectl create secret ..."}
                    - {kind: Namespace, namespace: neotool-app, name: team-x, create: "kubectl create namespace team-x"}
                    - {kind: Secret, namespace: neotool-app, name: api-db}
                    - {kind: Pod, namespace: neotool-app, name: settings, create: "kubectl run ..."}
                    - {kind: ServiceAccount, name: billing-irsa, create: "eksctl create iamserviceaccount ..."}
                    - {kind: ConfigMap, namespace: neotool-app, name: settings, create: "kubectl create configmap ..."}
                    - {kind: ServiceAccount, namespace: neotool-app, name: billing-irsa, create: "eksctl create iamserviceaccount ..."}
                """);
        assertTrue(at(problems, "global.operatorMade[0].namespace").message().contains("needs the namespace"), problems::toString);
        assertTrue(at(problems, "global.operatorMade[1].namespace").message().contains("a Namespace has no namespace"), problems::toString);
        assertTrue(at(problems, "global.operatorMade[2].create").message().contains("say how the operator creates Secret api-db"),
                problems::toString);
        assertTrue(at(problems, "global.operatorMade[3].kind").message().contains("ConfigMap, ServiceAccount"), problems::toString);
        assertTrue(at(problems, "global.operatorMade[4].namespace").message().contains("ServiceAccount billing-irsa needs the "
                + "namespace"), problems::toString);
        // a ConfigMap (a service's files) and a ServiceAccount (a cloud's workload identity) in a namespace are fine
        assertTrue(problems.stream().noneMatch(p -> p.path().startsWith("global.operatorMade[5]")
                || p.path().startsWith("global.operatorMade[6]")), problems::toString);
    }

    /** A Secret in a namespace the environment no longer creates (Vault off in prod) could not be made: refused there. */
    @Test
    void aSecretInANamespaceTheEnvironmentDoesNotCreateIsRefused() throws IOException {
        String spec = SERVICE + TestSpecs.PROD.replace("    vault: {mode: ha, token: {create: false}}\n", "    vault: {enabled: false}\n")
                .replace("      objectStorage: {provider: r2, secretName: object-storage}\n",
                        "      objectStorage: {provider: r2, secretName: object-storage}\n      operatorMade:\n"
                        + "        - {kind: Secret, namespace: neotool-security, name: vault-token, create: \"kubectl create secret ...\"}\n");
        SpecProblem p = at(problems(dir, spec), "environments.prod: global.operatorMade[0].namespace");
        assertTrue(p.message().contains("Secret vault-token is made in namespace neotool-security, which the release does not "
                + "create here"), p.message());
        // with Vault on, its namespace is created and the Secret can be made there
        load(dir, spec.replace("    vault: {enabled: false}\n", "    vault: {mode: ha, token: {create: false}}\n"));
        // a namespace the operator makes counts too
        load(dir, spec.replace("        - {kind: Secret", "        - {kind: Namespace, name: neotool-security, create: \"kubectl create ns\"}\n"
                + "        - {kind: Secret"));
    }
}
