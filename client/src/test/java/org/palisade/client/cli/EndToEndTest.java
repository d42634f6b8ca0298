// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.client.gateway.LocalGateway;
import org.palisade.deploy.keycloak.DemoUsers;
import org.palisade.deploy.postgres.PostgresServer;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.tls.TlsTrust;

/**
 * The reference client end to end on the real stack (Keycloak, Kafka, PostgreSQL, SoftHSM2, a gateway
 * process), with one CLI profile per device: alice (two devices), bob and carol. At the end, a dump of every
 * PostgreSQL table, the Kafka log segments and every log file are searched for the plaintext markers the test
 * sent: none may appear.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final List<String> MARKERS = new ArrayList<>();

  @TempDir static Path homes;

  private static LocalGateway gateway;
  private static CliRun alice;
  private static CliRun aliceLaptop;
  private static CliRun bob;
  private static CliRun carol;
  private static int bobDevice;
  private static int laptopDevice;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = LocalGateway.get();
    LocalStack stack = gateway.stack;
    for (String user : List.of("alice", "bob", "carol")) {
      revokeAllDevicesOf(user);
    }
    // the test infrastructure is shared: the gateway module's tests delete device rows outright (never the
    // product's way, which is revocation and drops what waits), so envelopes for reused device ids may remain
    try (Connection connection = database(); Statement delete = connection.createStatement()) {
      delete.executeUpdate("delete from mailbox");
    }
    Path passphrase = homes.resolve("passphrase");
    Files.writeString(passphrase, "correct horse battery staple " + RUN + "\n");
    List<String> connection = List.of("--gateway", gateway.base.toString(), "--issuer", stack.keycloak().issuer(),
        "--ca-file", stack.certificateAuthority().caCertificate().toString(),
        "--org-root", stack.home().root().resolve("org-root.pem").toString());
    alice = new CliRun(homes.resolve("alice"), passphrase, connection);
    aliceLaptop = new CliRun(homes.resolve("alice-laptop"), passphrase, connection);
    bob = new CliRun(homes.resolve("bob"), passphrase, connection);
    carol = new CliRun(homes.resolve("carol"), passphrase, connection);
    login(alice, "alice");
    laptopDevice = login(aliceLaptop, "alice");
    bobDevice = login(bob, "bob");
    login(carol, "carol");
  }

  @Test
  @Order(1)
  void aliceAndBobExchangeMessagesBothWays() throws Exception {
    ok(alice.run("send", "--to", "bob", marker("hello bob")));
    List<JsonNode> atBob = receive(bob);
    assertThat(texts(atBob)).containsExactly(MARKERS.get(MARKERS.size() - 1));
    assertThat(atBob.get(0).path("sender").asText()).isEqualTo("alice");

    ok(bob.run("send", "--to", "alice", marker("hello alice")));
    assertThat(texts(receive(alice))).containsExactly(MARKERS.get(MARKERS.size() - 1));
  }

  @Test
  @Order(2)
  void bobOfflineGetsEverythingInOrderWhenBack() throws Exception {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sent.add(marker("while away " + i));
      ok(alice.run("send", "--to", "bob", sent.get(i)));
    }
    assertThat(texts(receive(bob))).containsExactlyElementsOf(sent);
    // and the history keeps them, in order, encrypted on bob's device
    String history = ok(bob.run("history", "alice")).out();
    assertThat(history.indexOf(sent.get(0))).isPositive().isLessThan(history.indexOf(sent.get(5)));
  }

  @Test
  @Order(3)
  void alicesSecondDeviceSeesWhatSheSentAndReceived() throws Exception {
    List<JsonNode> atLaptop = receive(aliceLaptop);
    assertThat(atLaptop).anySatisfy(m -> {
      assertThat(m.path("status").asText()).isEqualTo("sent-elsewhere");
      assertThat(m.path("conversation").asText()).isEqualTo("bob");
      assertThat(m.path("text").asText()).contains("hello bob");
    });
    assertThat(texts(atLaptop)).contains(MARKERS.stream().filter(m -> m.contains("hello alice")).findFirst().orElseThrow());
  }

  @Test
  @Order(4)
  void aFileOfFiveMebibytesArrivesIntact() throws Exception {
    byte[] content = new byte[5 * 1024 * 1024];
    new SecureRandom().nextBytes(content);
    String marker = marker("FILE");
    byte[] head = marker.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, content, 0, head.length);
    Path file = homes.resolve("report.bin");
    Files.write(file, content);
    ok(alice.run("send", "--to", "bob", "--file", file.toString()));

    Path saved = homes.resolve("bob-files");
    List<JsonNode> atBob = receive(bob, "--save-dir", saved.toString());
    assertThat(atBob).anySatisfy(m -> assertThat(m.path("file").path("name").asText()).isEqualTo("report.bin"));
    assertThat(Files.readAllBytes(saved.resolve("report.bin"))).isEqualTo(content);
  }

  @Test
  @Order(5)
  void aGroupWorksAndARemovedMemberReadsNothingAfterwards() throws Exception {
    String groupId = JSON.readTree(ok(alice.run("group create", "--json", "team-" + RUN, "--members", "bob,carol"))
        .out()).path("id").asText();
    receive(bob);
    receive(carol);
    String before = marker("to the whole team");
    ok(alice.run("group send", groupId, before));
    assertThat(texts(receive(bob))).containsExactly(before);
    assertThat(texts(receive(carol))).containsExactly(before);

    ok(alice.run("group remove", groupId, "carol"));
    List<JsonNode> atCarol = receive(carol);
    assertThat(atCarol).anySatisfy(m -> assertThat(m.path("status").asText()).isEqualTo("group-update"));
    receive(bob);

    String after = marker("without carol");
    ok(alice.run("group send", groupId, after));
    String fromBob = marker("bob without carol");
    ok(bob.run("group send", groupId, fromBob));
    assertThat(texts(receive(bob))).containsExactly(after);
    assertThat(texts(receive(alice))).contains(fromBob);
    assertThat(texts(receive(carol))).doesNotContain(after, fromBob);

    // carol is added again: she reads what follows, and still not what was said while she was out
    ok(alice.run("group add", groupId, "carol"));
    receive(bob);
    List<JsonNode> rejoined = receive(carol);
    assertThat(rejoined).anySatisfy(m -> assertThat(m.path("group").path("members").toString()).contains("carol"));
    String welcomeBack = marker("carol is back");
    ok(alice.run("group send", groupId, welcomeBack));
    assertThat(texts(receive(carol))).containsExactly(welcomeBack);
    assertThat(texts(receive(bob))).containsExactly(welcomeBack);
    assertThat(ok(carol.run("history", groupId)).out()).contains(welcomeBack).doesNotContain(after, fromBob);
  }

  @Test
  @Order(6)
  void safetyNumbersMatchOnBothSidesAndAVerifiedKeyChangeStopsSending() throws Exception {
    String aliceSees = safetyNumberOfFirstDevice(alice, "bob");
    String bobSees = safetyNumberOfFirstDevice(bob, "alice");
    assertThat(aliceSees).hasSize(60).isEqualTo(bobSees);

    // scanning bob's QR code marks him verified
    Path bobsCode = homes.resolve("bob-qr.png");
    ok(bob.run("safety-number", "alice", "--qr", bobsCode.toString()));
    ok(alice.run("verify", "bob", "--scan", bobsCode.toString()));

    // bob's device is replaced: same device id, new identity key
    ok(bob.run("devices revoke", String.valueOf(bobDevice)));
    CliRun newBob = new CliRun(homes.resolve("bob-new-phone"), homes.resolve("passphrase"), List.of("--gateway",
        gateway.base.toString(), "--issuer", gateway.stack.keycloak().issuer(), "--ca-file",
        gateway.stack.certificateAuthority().caCertificate().toString(), "--org-root",
        gateway.stack.home().root().resolve("org-root.pem").toString()));
    assertThat(login(newBob, "bob")).as("the freed device id is taken again").isEqualTo(bobDevice);
    assertThat(safetyNumberOfFirstDevice(alice, "bob")).isNotEqualTo(aliceSees);

    CliRun.Result refused = alice.run("send", "--to", "bob", marker("must not be sent"));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ProfileCommand.EXIT_SAFETY_NUMBER_CHANGED);
    assertThat(refused.err()).contains("safety number changed");

    ok(alice.run("verify", "bob", "--confirmed"));
    String accepted = marker("after accepting the new key");
    ok(alice.run("send", "--to", "bob", accepted));
    assertThat(texts(receive(newBob))).contains(accepted);
    bob = newBob;
  }

  @Test
  @Order(7)
  void aRevokedDeviceReadsNoNewMessages() throws Exception {
    ok(alice.run("devices revoke", String.valueOf(laptopDevice)));
    String secret = marker("not for the lost laptop");
    ok(bob.run("send", "--to", "alice", secret));
    CliRun.Result atLaptop = aliceLaptop.run("receive", "--json", "--wait", "3");
    assertThat(atLaptop.exitCode()).isNotZero();
    assertThat(atLaptop.out()).doesNotContain(secret);
    assertThat(texts(receive(alice))).contains(secret);
  }

  @Test
  @Order(8)
  void noPlaintextIsAnywhereOnTheServerSide() throws Exception {
    assertThat(MARKERS).hasSizeGreaterThan(10);
    byte[] database = databaseDump();
    assertThat(database.length).isPositive();
    assertThat(MarkerScan.findIn(database, MARKERS)).as("in the PostgreSQL dump").isEmpty();
    Path kafkaData = gateway.stack.home().componentDir("kafka").resolve("data");
    assertThat(MarkerScan.find(kafkaData, MARKERS)).as("in the Kafka log segments").isEmpty();
    assertThat(MarkerScan.find(gateway.stack.home().logs(), MARKERS)).as("in a log file").isEmpty();
    // the profiles' stores on the devices are encrypted too
    for (CliRun profile : List.of(alice, bob, carol)) {
      assertThat(MarkerScan.find(profile.home(), MARKERS)).as("in a local store").isEmpty();
    }
    // and the scan does find what is there: the test's own record of the markers
    Path witness = homes.resolve("witness.txt");
    Files.writeString(witness, "x" + MARKERS.get(3) + "y");
    assertThat(MarkerScan.find(witness, MARKERS)).hasSize(1);
  }

  // --- helpers ------------------------------------------------------------------------------------------------

  private static String marker(String text) {
    String marker = "E2E-" + RUN + "-" + MARKERS.size() + " " + text;
    MARKERS.add(marker);
    return marker;
  }

  /** Logs the profile in (setting its device up) and returns its device id. */
  private static int login(CliRun profile, String user) throws Exception {
    String password = DemoUsers.passwords(gateway.stack.home()).get(user);
    return JSON.readTree(ok(profile.runWithInput(password + "\n", "login", "--json", "--user", user,
        "--password-stdin")).out()).path("deviceId").asInt();
  }

  private static CliRun.Result ok(CliRun.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  private static List<JsonNode> receive(CliRun profile, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--json", "--wait", "4"));
    args.addAll(List.of(extra));
    CliRun.Result result = ok(profile.run("receive", args.toArray(String[]::new)));
    List<JsonNode> messages = new ArrayList<>();
    for (String line : result.out().split("\n")) {
      if (!line.isBlank()) {
        JsonNode message = JSON.readTree(line);
        assertThat(message.path("status").asText()).as(line).isNotEqualTo("rejected");
        messages.add(message);
      }
    }
    return messages;
  }

  private static List<String> texts(List<JsonNode> messages) {
    return messages.stream().filter(m -> m.hasNonNull("text")).map(m -> m.path("text").asText()).toList();
  }

  private static String safetyNumberOfFirstDevice(CliRun profile, String user) throws Exception {
    return JSON.readTree(ok(profile.run("safety-number", "--json", user)).out()).get(0).path("safetyNumber").asText();
  }

  private static void revokeAllDevicesOf(String user) throws Exception {
    String admin = gateway.tokensOf("admin").accessToken();
    HttpClient http = HttpClient.newBuilder()
        .sslContext(TlsTrust.trusting(gateway.stack.certificateAuthority().caCertificate())).build();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.base + "/v1/admin/users/"
        + user + "/devices")).header("Authorization", "Bearer " + admin).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isIn(200, 404);
  }

  private static Connection database() throws Exception {
    PostgresServer postgres = gateway.stack.postgres();
    Properties properties = new Properties();
    properties.setProperty("user", PostgresServer.USER);
    properties.setProperty("password", postgres.password());
    return DriverManager.getConnection(postgres.jdbcUrl(), properties);
  }

  private static byte[] databaseDump() throws Exception {
    ByteArrayOutputStream dump = new ByteArrayOutputStream();
    try (Connection connection = database(); Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery(
          "select table_name from information_schema.tables where table_schema = 'public'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertThat(tables).contains("mailbox", "attachments", "devices", "epoch_keys");
      for (String table : tables) {
        try (ResultSet rows = statement.executeQuery("select * from \"" + table + "\"")) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
              byte[] value = rows.getBytes(i);
              if (value != null) {
                dump.write(value);
              }
            }
          }
        }
      }
    }
    return dump.toByteArray();
  }

}
