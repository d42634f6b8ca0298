// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Lints and renders the company-deployment chart in {@code helm/palisade} with the Helm library embedded in
 * helm-java, so no helm binary or cluster is needed. Rendered manifests are read as text: the deploy module has
 * no YAML parser on its test classpath, and the chart's output layout is fixed by its own templates.
 */
class HelmChartTest {

    private static final Path CHART = locateChart();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final Pattern SECRET_LIKE_NAME = Pattern.compile("(PASSWORD|PASSPHRASE|PIN|SECRET|TOKEN|CREDENTIALS?)$");

    @Test
    void lintPassesInStrictMode() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    @Test
    void defaultValuesRenderTwoGatewayReplicasWithHealthProbesOverHttps() {
        String deployment = deployment(render(UnaryOperator.identity()));

        assertThat(scalar(deployment, "replicas")).isEqualTo("2");
        String readiness = block(deployment, "readinessProbe");
        assertThat(scalar(readiness, "path")).isEqualTo("/q/health/ready");
        assertThat(scalar(readiness, "scheme")).isEqualTo("HTTPS");
        assertThat(scalar(readiness, "port")).isEqualTo("https");
        String liveness = block(deployment, "livenessProbe");
        assertThat(scalar(liveness, "path")).isEqualTo("/q/health/live");
        assertThat(scalar(liveness, "scheme")).isEqualTo("HTTPS");
        assertThat(deployment).containsPattern("(?m)^\\s+- name: https\\n\\s+containerPort: 8443$");
    }

    @Test
    void replicasFollowTheValue() {
        String deployment = deployment(render(template -> template.set("replicaCount", "3")));

        assertThat(scalar(deployment, "replicas")).isEqualTo("3");
    }

    @Test
    void hsmPinIsMountedAsAFileFromTheNamedSecret() {
        String deployment = deployment(render(template -> template.set("hsm.pinSecret.name", "corp-hsm-user-pin")));

        String pinVolume = listItem(block(deployment, "volumes"), "hsm-pin");
        assertThat(scalar(pinVolume, "secretName")).isEqualTo("corp-hsm-user-pin");
        assertThat(scalar(pinVolume, "path")).isEqualTo("pin");
        String pinMount = listItem(block(deployment, "volumeMounts"), "hsm-pin");
        assertThat(scalar(pinMount, "mountPath")).isEqualTo("/var/run/secrets/palisade/hsm");
        assertThat(scalar(pinMount, "readOnly")).isEqualTo("true");
        assertThat(env(deployment)).containsEntry("PALISADE_HSM_PIN_FILE", "value: /var/run/secrets/palisade/hsm/pin");
    }

    @Test
    void secretsAreReferencedNeverRendered() {
        String manifests = render(template -> template
                .set("database.existingSecret", "corp-db-login")
                .set("hsm.pinSecret.name", "corp-hsm-user-pin"));
        String deployment = deployment(manifests);
        Map<String, String> env = env(deployment);

        assertThat(documents(manifests)).noneMatch(document -> document.lines().anyMatch("kind: Secret"::equals));
        assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD"))
                .contains("secretKeyRef:")
                .contains("name: \"corp-db-login\"")
                .contains("key: \"password\"");
        assertThat(env).hasEntrySatisfying("QUARKUS_DATASOURCE_USERNAME",
                definition -> assertThat(definition).contains("name: \"corp-db-login\""));
        env.forEach((name, definition) -> {
            if (SECRET_LIKE_NAME.matcher(name).find()) {
                assertThat(definition).as("env %s must come from a Secret", name).startsWith("valueFrom:");
            }
        });
        assertThat(env).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "KAFKA_BOOTSTRAP_SERVERS",
                "QUARKUS_OIDC_AUTH_SERVER_URL", "PALISADE_HSM_LIBRARY", "PALISADE_HSM_TOKEN_LABEL",
                "QUARKUS_HTTP_SSL_CERTIFICATE_FILES", "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", "PALISADE_TLS_CA_FILE");
    }

    @Test
    void containerRunsUnprivilegedOnAReadOnlyRootFilesystem() {
        String deployment = deployment(render(UnaryOperator.identity()));

        String container = block(deployment, "securityContext", 2);
        assertThat(scalar(container, "runAsNonRoot")).isEqualTo("true");
        assertThat(scalar(container, "readOnlyRootFilesystem")).isEqualTo("true");
        assertThat(scalar(container, "allowPrivilegeEscalation")).isEqualTo("false");
    }

    @Test
    void networkPolicyIsRenderedOnlyWhenEnabled() {
        assertThat(kinds(render(UnaryOperator.identity())))
                .containsExactlyInAnyOrder("Deployment", "Service", "PodDisruptionBudget");

        String manifests = render(template -> template.set("networkPolicy.enabled", "true"));
        assertThat(kinds(manifests)).contains("NetworkPolicy");
        String policy = documents(manifests).stream()
                .filter(document -> document.lines().anyMatch("kind: NetworkPolicy"::equals))
                .findFirst()
                .orElseThrow();
        assertThat(block(policy, "ingress")).contains("port: https");
        assertThat(block(policy, "egress")).contains("port: 53");
    }

    @Test
    void emptyKafkaBootstrapServersStopsRenderingWithTheValueName() {
        assertThatThrownBy(() -> render(template -> template.set("kafka.bootstrapServers", "")))
                .hasMessageContaining("kafka.bootstrapServers is required");
    }

    @Test
    void emptyHsmPinSecretNameStopsRenderingWithTheValueName() {
        assertThatThrownBy(() -> render(template -> template.set("hsm.pinSecret.name", "")))
                .hasMessageContaining("hsm.pinSecret.name is required");
    }

    private static String render(UnaryOperator<TemplateCommand> values) {
        return values.apply(new Helm(CHART).template().withName("palisade").withNamespace("messaging")).call();
    }

    private static List<String> documents(String manifests) {
        return Arrays.stream(DOCUMENT_SEPARATOR.split(manifests))
                .filter(document -> !document.isBlank())
                .collect(Collectors.toList());
    }

    private static List<String> kinds(String manifests) {
        return documents(manifests).stream()
                .map(document -> scalar(document, "kind"))
                .collect(Collectors.toList());
    }

    private static String deployment(String manifests) {
        List<String> deployments = documents(manifests).stream()
                .filter(document -> document.lines().anyMatch("kind: Deployment"::equals))
                .collect(Collectors.toList());
        assertThat(deployments).as("Deployments rendered").hasSize(1);
        return deployments.get(0);
    }

    /** Env entries of the (single) container, name to the rest of the entry's definition. */
    private static Map<String, String> env(String deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String item : listItems(block(deployment, "env"))) {
            String name = scalar(item, "name");
            String definition = item.lines()
                    .skip(1)
                    .map(String::strip)
                    .collect(Collectors.joining("\n"));
            env.put(name, definition);
        }
        return env;
    }

    /** The scalar of the first {@code key: value} line in the text, unquoted. */
    private static String scalar(String yaml, String key) {
        Matcher matcher = Pattern.compile("(?m)^[\\s-]*" + Pattern.quote(key) + ":[ ]+(.+?)\\s*$").matcher(yaml);
        assertThat(matcher.find()).as("key %s in:%n%s", key, yaml).isTrue();
        String value = matcher.group(1);
        return value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    private static String block(String yaml, String key) {
        return block(yaml, key, 1);
    }

    /** The lines nested under the {@code occurrence}-th line that opens a {@code key:} mapping or list. */
    private static String block(String yaml, String key, int occurrence) {
        List<String> lines = yaml.lines().collect(Collectors.toList());
        Pattern opening = Pattern.compile("^(\\s*)(- )?" + Pattern.quote(key) + ":\\s*$");
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher matcher = opening.matcher(lines.get(i));
            if (!matcher.matches() || ++seen < occurrence) {
                continue;
            }
            int indent = matcher.group(1).length() + (matcher.group(2) == null ? 0 : 2);
            List<String> nested = new ArrayList<>();
            for (int j = i + 1; j < lines.size(); j++) {
                String line = lines.get(j);
                if (!line.isBlank() && indentOf(line) <= indent && !isListItemAt(line, indent)) {
                    break;
                }
                nested.add(line);
            }
            return String.join("\n", nested);
        }
        throw new AssertionError("no block " + key + " (#" + occurrence + ") in:\n" + yaml);
    }

    /** A list may sit at its key's own indentation ("env:\n- name: ..."); Helm's toYaml does that. */
    private static boolean isListItemAt(String line, int indent) {
        return indentOf(line) == indent && line.strip().startsWith("- ");
    }

    private static List<String> listItems(String list) {
        List<String> items = new ArrayList<>();
        int itemIndent = -1;
        StringBuilder current = null;
        for (String line : list.lines().collect(Collectors.toList())) {
            if (line.isBlank()) {
                continue;
            }
            if (itemIndent < 0) {
                itemIndent = indentOf(line);
            }
            if (indentOf(line) == itemIndent && line.strip().startsWith("- ")) {
                Optional.ofNullable(current).map(StringBuilder::toString).ifPresent(items::add);
                current = new StringBuilder();
            }
            if (current != null) {
                current.append(line).append('\n');
            }
        }
        Optional.ofNullable(current).map(StringBuilder::toString).ifPresent(items::add);
        return items;
    }

    private static String listItem(String list, String name) {
        return listItems(list).stream()
                .filter(item -> scalar(item, "name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no item named " + name + " in:\n" + list));
    }

    private static int indentOf(String line) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        return indent;
    }

    private static Path locateChart() {
        String repo = System.getProperty("palisade.repo");
        if (repo != null && !repo.isBlank() && Files.isRegularFile(Path.of(repo, "helm", "palisade", "Chart.yaml"))) {
            return Path.of(repo, "helm", "palisade").toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path chart = dir.resolve("helm").resolve("palisade");
            if (Files.isRegularFile(chart.resolve("Chart.yaml"))) {
                return chart;
            }
        }
        throw new IllegalStateException("helm/palisade not found: set -Dpalisade.repo to the repository root");
    }
}
